// Umbrella of the io area: CSV reading, in memory and streamed (model files come with the scorecard).
#pragma once

#include <credo/io/atomic_file.hpp>
#include <credo/io/csv.hpp>
#include <credo/io/applicants.hpp>
#include <credo/io/record_stream.hpp>
#include <credo/io/csv_stream.hpp>
#include <credo/io/inputs.hpp>
#include <credo/io/records.hpp>

// Umbrella of the report area: inline SVG charts and the self-contained HTML report.
#pragma once

#include <credo/report/html.hpp>
#include <credo/report/monitoring_report.hpp>
#include <credo/report/svg.hpp>
#include <credo/report/scorecard_report.hpp>
#include <credo/report/challenger.hpp>
#include <credo/report/reject_inference.hpp>
#include <credo/report/approval_paths_report.hpp>

// credo's Python module (_credo): a thin pybind11 layer over the same headers as the C++
// library and the CLI. No statistic is computed here or in the Python package: every figure
// comes from include/credo/. The Python package (python/credo/) wraps these classes in
// scikit-learn's idiom. One translation unit (CI's compile-time budget).
//
// Copies: a table (binning, fitting) owns its columns, so building one copies each column
// once; scoring goes through engine::batch_scorer, which reads a column-major float64 matrix
// in place (a Fortran-ordered numpy array is not copied). The GIL is released during every
// fit, transform and score.
#include <credo/binning.hpp>
#include <credo/core.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/detail/text.hpp>
#include <credo/engine/batch_scorer.hpp>
#include <credo/io/model_file.hpp>
#include <credo/io/atomic_file.hpp>
#include <credo/fairness/measures.hpp>
#include <credo/metrics/auc.hpp>
#include <credo/metrics/calibration.hpp>
#include <credo/metrics/ks.hpp>
#include <credo/metrics/stability.hpp>
#include <credo/model/workflow.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "records.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace py = pybind11;

namespace credo::python {

using f64_array = py::array_t<double, py::array::c_style | py::array::forcecast>;
using u8_array = py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>;
using i32_array = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>;

/// An enum from its credo name; credo.python.bad_option names the parameter and the choices.
template <credo::detail::named_enum E>
E enum_of(const std::string& parameter, const std::string& text) {
  if (const auto e = credo::detail::enum_from_name<E>(text)) return *e;
  CREDO_THROW(invalid_input, "credo.python.bad_option",
              parameter + "='" + text + "': not one of " + credo::detail::enum_name_list<E>());
}

std::vector<double> vector_of(const f64_array& a) { return std::vector<double>(a.data(), a.data() + a.size()); }

/// A numeric column read in place from a contiguous float64 array (pybind converts anything
/// else once): the column holds a reference to the array, dropped under the GIL.
column numeric_column_of(const std::string& name, const py::object& values) {
  auto a = values.cast<f64_array>();
  const std::span<const double> view(a.data(), static_cast<std::size_t>(a.size()));
  std::shared_ptr<const void> owner(a.release().ptr(), [](const void* p) {
    py::gil_scoped_acquire gil;
    Py_DECREF(static_cast<PyObject*>(const_cast<void*>(p)));
  });
  return column::numeric_view(name, view, std::move(owner));
}

/// A credo table from the package's column lists: numeric columns as float64 arrays (NaN
/// missing), categorical ones as int32 codes (−1 missing) into a dictionary; the target as
/// 0/1 bytes and optional weights.
table make_table(const std::vector<std::string>& names, const std::vector<py::object>& columns,
                 const std::vector<py::object>& dictionaries, py::object target, py::object weights) {
  table t;
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (dictionaries[j].is_none()) {
      t.add(numeric_column_of(names[j], columns[j]));
    } else {
      const auto codes = columns[j].cast<i32_array>();
      t.add(column::categorical(names[j], std::vector<std::int32_t>(codes.data(), codes.data() + codes.size()),
                                dictionaries[j].cast<std::vector<std::string>>()));
    }
  }
  if (!target.is_none()) {
    const auto y = target.cast<u8_array>();
    t.set_target(std::vector<std::uint8_t>(y.data(), y.data() + y.size()));
  }
  if (!weights.is_none()) t.set_weights(vector_of(weights.cast<f64_array>()));
  return t;
}

/// Binning options as the CLI names them (examples/cli/common.hpp, encoder_options_of): the
/// same names and defaults, so the package's figures equal the CLI's.
binning::encoder_options encoder_options_of(const py::dict& o) {
  binning::encoder_options e;
  e.columns = o["columns"].cast<std::vector<std::string>>();
  e.threads = o["threads"].cast<unsigned>();
  auto& b = e.defaults;
  const auto method = o["method"].cast<std::string>();
  if (method == "optimal") b.method = binning::binning_method::optimal;
  else if (method == "chimerge") b.method = binning::binning_method::chimerge;
  else if (method == "quantile") b.method = binning::binning_method::equal_frequency;
  else if (method == "distinct") b.method = binning::binning_method::distinct;
  else
    CREDO_THROW(invalid_input, "credo.python.bad_option",
                "method='" + method + "': not one of optimal, chimerge, quantile, distinct");
  const auto max_bins = o["max_bins"].cast<long long>();
  if (max_bins < 0)
    CREDO_THROW(invalid_input, "credo.python.bad_option", "max_bins=" + std::to_string(max_bins) + ": below 0");
  if (max_bins > 0) b.max_n_bins = static_cast<std::size_t>(max_bins);
  b.min_bin_size = o["min_share"].cast<double>();
  if (!(b.min_bin_size >= 0 && b.min_bin_size <= 0.5))
    CREDO_THROW(invalid_input, "credo.python.bad_option", "min_share=" + credo::detail::format_general(b.min_bin_size) + ": not in [0, 0.5]");
  b.zero_cells = enum_of<binning::zero_cell_rule>("zero_cells", o["zero_cells"].cast<std::string>());
  b.min_event_rate_diff = o["min_event_rate_diff"].cast<double>();
  if (!o["max_pvalue"].is_none()) b.max_pvalue = o["max_pvalue"].cast<double>();
  b.max_pvalue_policy = enum_of<binning::pvalue_policy>("max_pvalue_policy", o["max_pvalue_policy"].cast<std::string>());
  const auto trend = o["trend"].cast<std::string>();
  using binning::monotonic_trend;
  if (trend == "auto") b.trend = monotonic_trend::automatic;
  else if (trend == "ascending") b.trend = monotonic_trend::ascending;
  else if (trend == "descending") b.trend = monotonic_trend::descending;
  else if (trend == "peak") b.trend = monotonic_trend::peak;
  else if (trend == "valley") b.trend = monotonic_trend::valley;
  else if (trend == "none") b.trend = monotonic_trend::none;
  else
    CREDO_THROW(invalid_input, "credo.python.bad_option",
                "trend='" + trend + "': not one of auto, ascending, descending, peak, valley, none");
  return e;
}

/// One binning table as columns (a dict of lists) for a pandas DataFrame.
py::dict table_columns(const binning::binning_table& t) {
  std::vector<std::string> label, kind;
  std::vector<std::uint64_t> count;
  std::vector<double> goods, bads, rate, woe, iv;
  std::vector<bool> empty, smoothed;
  const auto& b = t.bins();
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto& r = t[i];
    label.push_back(r.label);
    kind.push_back(i == b.missing_bin() ? "missing" : b.is_special_bin(i) ? "special" : b.is_numeric() ? "interval" : "categories");
    count.push_back(r.count);
    goods.push_back(r.goods);
    bads.push_back(r.bads);
    rate.push_back(r.event_rate);
    woe.push_back(r.woe);
    iv.push_back(r.iv);
    empty.push_back(r.empty);
    smoothed.push_back(r.smoothed);
  }
  py::dict d;
  d["bin"] = label;
  d["kind"] = kind;
  d["count"] = count;
  d["goods"] = goods;
  d["bads"] = bads;
  d["event_rate"] = rate;
  d["woe"] = woe;
  d["iv"] = iv;
  d["empty"] = empty;
  d["smoothed"] = smoothed;
  return d;
}

/// What transform returns per cell: the bin's WoE, its index, or its label.
enum class cell_metric { woe, index, label };

/// transform over a table: WoE as a float64 matrix, indices as int32, labels as lists.
py::object transform_table(const binning::woe_encoder& enc, const table& t, cell_metric metric) {
  if (metric == cell_metric::woe) {
    Eigen::MatrixXd x;
    {
      py::gil_scoped_release free;
      x = enc.transform(t);
    }
    // Column-major Eigen storage handed to numpy without a further copy (Fortran order).
    auto* owner = new Eigen::MatrixXd(std::move(x));
    py::capsule keep(owner, [](void* p) { delete static_cast<Eigen::MatrixXd*>(p); });
    return py::array_t<double>({owner->rows(), owner->cols()},
                               {sizeof(double), sizeof(double) * static_cast<std::size_t>(owner->rows())}, owner->data(), keep);
  }
  if (!enc.fitted()) CREDO_THROW(logic_error, "credo.binning.not_fitted", "woe_encoder: transform before fit");
  const auto& names = enc.columns();
  const std::size_t n = t.rows(), m = names.size();
  std::vector<std::int32_t> idx(n * m);
  for (std::size_t j = 0; j < m; ++j) {
    const auto i = t.find(names[j]);
    if (!i)
      CREDO_THROW(invalid_input, "credo.binning.missing_column",
                  "woe_encoder: column " + credo::detail::quoted(names[j]) + " was binned in fit but is not in the table to transform");
    const column& c = t.at(*i);
    const auto& b = enc.bins_of(names[j]);
    if (c.kind() != b.kind())
      CREDO_THROW(invalid_input, "credo.binning.wrong_kind",
                  "woe_encoder: column " + credo::detail::quoted(names[j]) + " is " + to_string(c.kind()) +
                      " in the table to transform, " + to_string(b.kind()) + " in fit");
    for (std::size_t r = 0; r < n; ++r) {
      std::size_t bin;
      if (c.is_numeric()) bin = b.bin_of(c.values()[r]);
      else if (c.codes()[r] == column::missing_code) bin = b.missing_bin();
      else bin = b.bin_of(std::string_view(c.dictionary()[static_cast<std::size_t>(c.codes()[r])]));
      idx[j * n + r] = static_cast<std::int32_t>(bin);
    }
  }
  if (metric == cell_metric::index) {
    py::array_t<std::int32_t> out({n, m}, {sizeof(std::int32_t), sizeof(std::int32_t) * n});
    std::copy(idx.begin(), idx.end(), out.mutable_data());
    return out;
  }
  py::list cols;
  for (std::size_t j = 0; j < m; ++j) {
    const auto& b = enc.bins_of(names[j]);
    std::vector<std::string> labels(b.size());
    for (std::size_t k = 0; k < b.size(); ++k) labels[k] = b.label(k);
    py::list col;
    for (std::size_t r = 0; r < n; ++r) col.append(labels[static_cast<std::size_t>(idx[j * n + r])]);
    cols.append(col);
  }
  return cols;
}

/// A fitted binning (woe_encoder) as the package's BinningProcess holds it.
struct binning_core {
  binning::woe_encoder encoder;

  void fit(const table& t, const py::dict& options) {
    auto o = encoder_options_of(options);
    py::gil_scoped_release free;
    binning::woe_encoder e(std::move(o));
    e.fit(t);
    encoder = std::move(e);
  }
};

/// A scorecard with its compiled batch scorer (the one evaluator) and, after a fit, the
/// workflow's other results.
struct scorecard_core {
  model::scorecard<> card;
  engine::batch_scorer<double> scorer;
  /// For float32 input when the points are whole numbers (rounding other than none): float
  /// sums of whole points below 2^24 are exact, so it gives the double scorer's scores, bit
  /// for bit, at twice the SIMD width (bench_scorer's configuration).
  std::optional<engine::batch_scorer<float>> scorer32;
  std::optional<model::fitted_scorecard> fitted;
  /// The fit behind the card as a model file records it (io::fit_record: the coefficients'
  /// standard errors, the dropped characteristics), written back by to_json and save as
  /// `credo fit --out` writes it; nothing for a file without it.
  std::optional<io::fit_record> fit;

  std::string json_text() const {
    return (fit ? io::scorecard_to_string(card, *fit) : io::scorecard_to_string(card)) + "\n";
  }

  void set(model::scorecard<> c) {
    card = std::move(c);
    scorer = engine::batch_scorer<double>::compile(card);
    scorer32.reset();
    if (card.rounding() != model::rounding_method::none &&
        std::max(std::abs(card.min_score()), std::abs(card.max_score())) < 16777216.0)
      scorer32 = engine::batch_scorer<float>::compile(card);
  }
};

/// Scores the batch scorer's input matrix (rows × characteristics, Fortran order, float64 or
/// float32: read in place, no conversion): numbers for numeric characteristics, category
/// codes (categories(j); NaN missing, anything else unseen) for categorical ones. Returns
/// scores (NaN where the status is not ok), PDs and statuses (each empty unless asked for) as
/// numpy arrays. `out`, when not None, receives the scores and is returned as them: a
/// writable contiguous 1-D float64 array of one element a row, or float32 when the card's
/// scores are whole numbers below 2^24 (then exact in float). With float32 input and a float32
/// `out`, the float kernel writes straight into it: no allocation, no copy.
template <class T>
py::tuple score_matrix(const scorecard_core& s, py::array_t<T, py::array::f_style | py::array::forcecast> x, unsigned threads,
                       bool with_pd, bool with_status, const py::object& out_arg) {
  if (x.ndim() != 2 || static_cast<std::size_t>(x.shape(1)) != s.card.size())
    CREDO_THROW(invalid_input, "credo.python.shape",
                "score: the matrix has " + std::to_string(x.ndim() == 2 ? x.shape(1) : 0) + " columns for " +
                    std::to_string(s.card.size()) + " characteristics");
  const auto n = static_cast<std::size_t>(x.shape(0));
  py::array scores;
  bool out32 = false;
  if (out_arg.is_none()) {
    scores = py::array_t<double>(n);
  } else {
    if (!py::isinstance<py::array>(out_arg))
      CREDO_THROW(invalid_input, "credo.python.out",
                  "score: out= is a " + py::str(py::type::of(out_arg).attr("__name__")).cast<std::string>() +
                      ", not a numpy array");
    scores = py::reinterpret_borrow<py::array>(out_arg);
    const bool f64 = scores.dtype().is(py::dtype::of<double>()), f32 = scores.dtype().is(py::dtype::of<float>());
    const std::string dtype = py::str(scores.dtype()).cast<std::string>();
    if (!f64 && !f32)
      CREDO_THROW(invalid_input, "credo.python.out", "score: out= has dtype " + dtype + ", not float64 or float32");
    if (scores.ndim() != 1 || static_cast<std::size_t>(scores.shape(0)) != n)
      CREDO_THROW(invalid_input, "credo.python.out",
                  "score: out= has shape (" + std::to_string(scores.ndim() == 1 ? scores.shape(0) : -1) +
                      (scores.ndim() == 1 ? ",)" : ", ...)") + " for " + std::to_string(n) + " rows");
    if (!(scores.flags() & py::array::c_style) || !scores.writeable())
      CREDO_THROW(invalid_input, "credo.python.out", "score: out= is not a writable contiguous array");
    if (f32 && !s.scorer32)
      CREDO_THROW(invalid_input, "credo.python.out",
                  "score: out= is float32 but the card's scores are not whole numbers below 2^24 (rounding='none' "
                  "or a wide scale): float32 would round them; pass a float64 array");
    out32 = f32;
  }
  py::array_t<double> pd(with_pd ? n : 0);
  py::array_t<std::uint8_t> status(with_status ? n : 0);
  // Raw pointers taken while the GIL is held (pybind's accessors may raise).
  void* const score_data = scores.mutable_data();
  double* const pd_data = pd.mutable_data();
  std::uint8_t* const status_data = status.mutable_data();
  {
    py::gil_scoped_release free;
    const engine::input_view<T> in{{x.data(), n * s.card.size()}, n, engine::layout::column_major};
    std::span<model::score_status> st;
    if (with_status) st = {reinterpret_cast<model::score_status*>(status_data), n};
    if (std::is_same_v<T, float> && s.scorer32) {
      // The float kernel, straight into a float32 `out` or else via a float buffer.
      std::vector<float> narrow_buffer(out32 ? 0 : n);
      float* const narrow = out32 ? static_cast<float*>(score_data) : narrow_buffer.data();
      s.scorer32->score(in, {.scores = {narrow, n}, .status = st}, {.threads = threads});
      if (!out32) std::copy_n(narrow, n, static_cast<double*>(score_data));  // whole numbers: exact
    } else if (out32) {
      // float64 input into float32: the double scorer's whole-number scores, narrowed exactly.
      std::vector<double> wide(n);
      s.scorer.score(in, {.scores = wide, .status = st}, {.threads = threads});
      std::copy(wide.begin(), wide.end(), static_cast<float*>(score_data));
    } else {
      s.scorer.score(in, {.scores = {static_cast<double*>(score_data), n}, .status = st}, {.threads = threads});
    }
    if (with_pd) {
      for (std::size_t r = 0; r < n; ++r) {
        const double v = out32 ? static_cast<const float*>(score_data)[r] : static_cast<const double*>(score_data)[r];
        pd_data[r] = std::isnan(v) ? v : s.scorer.pd_from_score(v);
      }
    }
  }
  return py::make_tuple(scores, pd, status);
}

model::scorecard_plan plan_of(const py::dict& o) {
  model::scorecard_plan plan;
  plan.binning = encoder_options_of(o);
  const auto select = o["select"].cast<std::string>();
  if (select == "none") plan.selection = model::selection_method::none;
  else if (select == "iv") plan.selection = model::selection_method::iv;
  else if (select == "stepwise") plan.selection = model::selection_method::stepwise;
  else CREDO_THROW(invalid_input, "credo.python.bad_option", "select='" + select + "': not one of none, iv, stepwise");
  plan.min_iv = o["min_iv"].cast<double>();
  plan.max_correlation = o["max_correlation"].cast<double>();
  const auto penalty = o["penalty"].cast<std::string>();
  const double lambda = o["lambda_"].cast<double>(), l1_ratio = o["l1_ratio"].cast<double>();
  if (penalty == "none") plan.penalty = model::penalty::none{};
  else if (penalty == "l2") plan.penalty = model::penalty::l2{lambda};
  else if (penalty == "elasticnet") plan.penalty = model::penalty::elastic_net{lambda, l1_ratio};
  else CREDO_THROW(invalid_input, "credo.python.bad_option", "penalty='" + penalty + "': not one of none, l2, elasticnet");
  plan.scaling.pdo = o["pdo"].cast<double>();
  plan.scaling.base_score = o["base_score"].cast<double>();
  plan.scaling.base_odds = o["base_odds"].cast<double>();
  plan.scaling.rounding = enum_of<model::rounding_method>("rounding", o["rounding"].cast<std::string>());
  plan.scaling.missing = enum_of<model::missing_action>("missing", o["missing"].cast<std::string>());
  plan.alpha = o["alpha"].cast<double>();
  return plan;
}

py::dict summary_of(const model::fitted_scorecard& f) {
  py::list coefs;
  for (const auto& c : f.model.coefficients) {
    py::dict d;
    d["name"] = c.name;
    d["estimate"] = c.estimate;
    d["std_error"] = c.std_error;
    d["z"] = c.z;
    d["p_value"] = c.p_value;
    d["conf_low"] = c.conf_int.lower;
    d["conf_high"] = c.conf_int.upper;
    d["odds_ratio"] = c.odds_ratio;
    coefs.append(d);
  }
  py::list dropped;
  for (const auto& d : f.dropped) dropped.append(py::make_tuple(d.name, d.reason));
  py::dict s;
  s["coefficients"] = coefs;
  s["selected"] = f.selected;
  s["dropped"] = dropped;
  s["log_likelihood"] = f.model.log_likelihood;
  s["aic"] = f.model.aic;
  s["bic"] = f.model.bic;
  s["iterations"] = f.model.iterations;
  s["deviance"] = f.model.deviance;
  s["null_deviance"] = f.model.null_deviance;
  return s;
}

/// Python exception classes for credo's four error types, each with `.id` (set below).
struct exception_types {
  py::object invalid_input, io_error, numeric_error, logic_error;
};
exception_types& errors() {
  static exception_types e;
  return e;
}

void raise(const py::object& type, const credo::error_info& info, const char* what) {
  py::object e = type(what);
  e.attr("id") = info.id();
  PyErr_SetObject(type.ptr(), e.ptr());
}

}  // namespace credo::python

PYBIND11_MODULE(_credo, m) {
  using namespace credo;
  using namespace credo::python;
  m.doc() = "credo's C++ core; use the credo package";

  // The classes are created here and subclassed nowhere else: credo.InvalidInput is a
  // ValueError, IOError an OSError, NumericError an ArithmeticError and ValueError (a domain
  // error is a bad value for the computation), LogicError a RuntimeError.
  auto make = [&](const char* name, py::tuple bases) {
    py::object t = py::reinterpret_steal<py::object>(
        PyErr_NewException((std::string("credo.") + name).c_str(), bases.ptr(), nullptr));
    m.attr(name) = t;
    return t;
  };
  auto& e = errors();
  e.invalid_input = make("InvalidInput", py::make_tuple(py::handle(PyExc_ValueError)));
  e.io_error = make("IOError", py::make_tuple(py::handle(PyExc_OSError)));
  e.numeric_error = make("NumericError", py::make_tuple(py::handle(PyExc_ArithmeticError), py::handle(PyExc_ValueError)));
  e.logic_error = make("LogicError", py::make_tuple(py::handle(PyExc_RuntimeError)));
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const credo::invalid_input& x) {
      raise(errors().invalid_input, x, x.what());
    } catch (const credo::io_error& x) {
      raise(errors().io_error, x, x.what());
    } catch (const credo::numeric_error& x) {
      raise(errors().numeric_error, x, x.what());
    } catch (const credo::logic_error& x) {
      raise(errors().logic_error, x, x.what());
    }
  });

  py::class_<table>(m, "Table")
      .def(py::init(&make_table), py::arg("names"), py::arg("columns"), py::arg("dictionaries"),
           py::arg("target") = py::none(), py::arg("weights") = py::none())
      .def_property_readonly("rows", &table::rows)
      .def("names", &table::names);

  py::class_<binning_core>(m, "BinningCore")
      .def(py::init<>())
      .def("fit", &binning_core::fit)
      .def("columns", [](const binning_core& b) { return b.encoder.columns(); })
      .def("iv", [](const binning_core& b, const std::string& name) { return b.encoder.table_of(name).iv(); })
      .def("strength", [](const binning_core& b, const std::string& name) {
        return std::string(binning::to_string(b.encoder.table_of(name).strength()));
      })
      .def("table", [](const binning_core& b, const std::string& name) { return table_columns(b.encoder.table_of(name)); })
      .def("kind", [](const binning_core& b, const std::string& name) {
        return std::string(to_string(b.encoder.bins_of(name).kind()));
      })
      .def("transform", [](const binning_core& b, const table& t, const std::string& metric) {
        const auto mm = metric == "woe" ? cell_metric::woe : metric == "indices" ? cell_metric::index : metric == "bins" ? cell_metric::label
            : throw credo::invalid_input("credo.python.bad_option", "metric='" + metric + "': not one of woe, bins, indices");
        return transform_table(b.encoder, t, mm);
      });

  py::class_<scorecard_core>(m, "ScorecardCore")
      .def(py::init<>())
      .def("fit", [](scorecard_core& s, const table& t, const py::dict& options) {
        auto plan = plan_of(options);
        model::fitted_scorecard f;
        {
          py::gil_scoped_release free;
          f = model::fit_scorecard(t, plan);
        }
        s.set(f.card);
        s.fit = io::fit_record{f.model, f.dropped};
        s.fitted = std::move(f);
      })
      .def("from_json", [](scorecard_core& s, const std::string& text) {
        s.set(io::scorecard_from_string(text));
        s.fit = io::fit_record_from_string(text);
        s.fitted.reset();
      })
      .def("load", [](scorecard_core& s, const std::string& path) {
        const io::model_file_limits limits;
        const std::string text = io::detail::reader::read_file(path, limits.max_file_bytes);
        s.set(io::scorecard_from_string(text, limits));
        s.fit = io::fit_record_from_string(text, limits);
        s.fitted.reset();
      })
      .def("to_json", [](const scorecard_core& s) { return s.json_text(); })
      .def("save", [](const scorecard_core& s, const std::string& path) { io::write_file_atomic(path, s.json_text()); })
      .def("characteristics", [](const scorecard_core& s) {
        std::vector<std::pair<std::string, std::string>> out;
        for (std::size_t j = 0; j < s.card.size(); ++j)
          out.emplace_back(s.card.characteristic(j).name, to_string(s.card.characteristic(j).bins.kind()));
        return out;
      })
      .def("categories", [](const scorecard_core& s, std::size_t j) {
        const auto c = s.scorer.categories(j);
        return std::vector<std::string>(c.begin(), c.end());
      })
      .def("points_table", [](const scorecard_core& s) {
        std::vector<std::string> ch, bin;
        std::vector<double> woe, points;
        for (const auto& r : s.card.points_table()) {
          ch.push_back(r.characteristic);
          bin.push_back(r.bin);
          woe.push_back(r.woe);
          points.push_back(r.points);
        }
        py::dict d;
        d["characteristic"] = ch;
        d["bin"] = bin;
        d["woe"] = woe;
        d["points"] = points;
        return d;
      })
      .def("summary", [](const scorecard_core& s) -> py::object {
        if (!s.fitted) return py::none();
        return summary_of(*s.fitted);
      })
      .def("binning", [](const scorecard_core& s) -> py::object {
        if (!s.fitted) return py::none();
        binning_core b;
        b.encoder = s.fitted->encoder;
        return py::cast(std::move(b));
      })
      .def("pdo", [](const scorecard_core& s) { return s.card.scale().pdo; })
      .def("base_score", [](const scorecard_core& s) { return s.card.scale().base_score; })
      .def("base_odds", [](const scorecard_core& s) { return s.card.scale().base_odds; })
      // The input is the batch scorer's matrix (rows × characteristics, Fortran order: read in
      // place): numbers for numeric characteristics, category codes (categories(j); NaN
      // missing, anything else unseen) for categorical ones. Scores NaN where the status is not ok.
      .def("score_matrix", &score_matrix<double>, py::arg("x"), py::arg("threads") = 1, py::arg("with_pd") = true,
           py::arg("with_status") = true, py::arg("out") = py::none())
      .def("score_matrix_f32", &score_matrix<float>, py::arg("x"), py::arg("threads") = 1, py::arg("with_pd") = true,
           py::arg("with_status") = true, py::arg("out") = py::none())
      .def("reasons", [](const scorecard_core& s, const table& t, std::size_t k) {
        std::vector<model::reason_code> why(k);
        py::list rows;
        for (std::size_t r = 0; r < t.rows(); ++r) {
          const auto res = s.card.score(t, r, why);
          py::list row;
          for (std::size_t i = 0; i < k; ++i) row.append(res.ok() && i < res.reasons ? py::object(py::str(s.card.describe(why[i]))) : py::object(py::none()));
          rows.append(row);
        }
        return rows;
      });
  m.attr("status_names") = std::vector<std::string>{"ok", "missing_value", "bad_code", "not_finite"};

  auto metrics = m.def_submodule("metrics", "credo.metrics' accumulators over numpy arrays");
  auto direction_of = [](bool higher_is_safer) {
    return higher_is_safer ? metrics::direction::higher_is_safer : metrics::direction::higher_is_riskier;
  };
  metrics.def("auc", [direction_of](f64_array score, u8_array bad, py::object weight, bool safer, double level) {
    metrics::auc<double> a(direction_of(safer));
    std::vector<double> w;
    if (!weight.is_none()) w = vector_of(weight.cast<f64_array>());
    if (score.size() != bad.size() || (!w.empty() && w.size() != static_cast<std::size_t>(score.size())))
      CREDO_THROW(invalid_input, "credo.metrics.length_mismatch", "auc: score, y and sample_weight differ in length");
    py::gil_scoped_release free;
    a.fill({score.data(), static_cast<std::size_t>(score.size())}, {bad.data(), static_cast<std::size_t>(bad.size())}, w);
    const auto ci = a.confidence_interval(level);
    return std::make_tuple(a.value(), ci.lower, ci.upper);
  });
  metrics.def("ks", [](f64_array score, u8_array bad, py::object weight) {
    metrics::ks<double> k;
    std::vector<double> w;
    if (!weight.is_none()) w = vector_of(weight.cast<f64_array>());
    if (score.size() != bad.size() || (!w.empty() && w.size() != static_cast<std::size_t>(score.size())))
      CREDO_THROW(invalid_input, "credo.metrics.length_mismatch", "ks: score, y and sample_weight differ in length");
    py::gil_scoped_release free;
    k.fill({score.data(), static_cast<std::size_t>(score.size())}, {bad.data(), static_cast<std::size_t>(bad.size())}, w);
    const auto r = k.result();
    return std::make_pair(r.value, r.at_score);
  });
  metrics.def("psi", [](f64_array expected, f64_array actual) {
    const auto r = metrics::psi({expected.data(), static_cast<std::size_t>(expected.size())},
                                {actual.data(), static_cast<std::size_t>(actual.size())});
    return std::make_tuple(r.value, r.contribution, std::string(metrics::to_string(r.verdict)));
  });
  // Calibration over quantile bands of the predicted PD (or cut-offs), with Wilson intervals,
  // and Hosmer–Lemeshow over `groups` equal-count groups.
  metrics.def("calibration", [](f64_array p, u8_array bad, py::object weight, std::size_t bands,
                                std::vector<double> cutoffs, double level, std::size_t hl_groups) {
    metrics::calibration<double> c;
    std::vector<double> w;
    if (!weight.is_none()) w = vector_of(weight.cast<f64_array>());
    std::vector<metrics::calibration_row> t;
    metrics::hosmer_lemeshow_result hl;
    {
      py::gil_scoped_release free;
      c.fill({p.data(), static_cast<std::size_t>(p.size())}, {bad.data(), static_cast<std::size_t>(bad.size())}, w);
      t = c.table({bands, cutoffs}, level);
      hl = c.hosmer_lemeshow(hl_groups);
    }
    py::dict d;
    std::vector<double> cols[9];
    for (const auto& r : t) {
      const double v[9] = {r.p_min, r.p_max, static_cast<double>(r.rows), r.weight, r.predicted, r.observed,
                           r.observed_lower, r.observed_upper, r.observed_bads};
      for (int k = 0; k < 9; ++k) cols[k].push_back(v[k]);
    }
    const char* names[9] = {"p_min", "p_max", "rows", "weight", "predicted", "observed", "observed_lower",
                            "observed_upper", "observed_bads"};
    for (int k = 0; k < 9; ++k) d[names[k]] = cols[k];
    return py::make_tuple(d, hl.statistic, hl.df, hl.p_value);
  });

  auto fair = m.def_submodule("fairness", "credo.fairness.assess over numpy arrays");
  // Groups as int32 codes into `names`; approval is score >= cutoff (higher score = safer).
  fair.def("assess", [](i32_array group, std::vector<std::string> names, f64_array score, u8_array bad,
                        py::object weight, double cutoff, std::string reference, double confidence,
                        std::uint64_t small_group) {
    const auto n = static_cast<std::size_t>(score.size());
    if (static_cast<std::size_t>(group.size()) != n || static_cast<std::size_t>(bad.size()) != n)
      CREDO_THROW(invalid_input, "credo.python.shape", "assess: groups, scores and y differ in length");
    std::vector<double> w;
    if (!weight.is_none()) w = vector_of(weight.cast<f64_array>());
    fairness::fairness_report<double> rep;
    {
      py::gil_scoped_release free;
      fairness::group_counts<double> counts(names, cutoff);
      const auto* g = group.data();
      for (std::size_t r = 0; r < n; ++r) {
        if (g[r] < 0 || static_cast<std::size_t>(g[r]) >= names.size())
          CREDO_THROW(invalid_input, "credo.python.shape", "assess, row " + std::to_string(r) + ": no group");
        counts(static_cast<std::size_t>(g[r]), score.data()[r], bad.data()[r] != 0, w.empty() ? 1.0 : w[r]);
      }
      fairness::assess_options o;
      o.reference = reference;
      o.confidence = confidence;
      o.small_group = small_group;
      rep = fairness::assess(counts, o);
    }
    py::dict groups;
    {
      std::vector<std::string> name;
      std::vector<double> weight_, goods, bads, approved, ar, br, tpr, fpr, prec, mean, sd, ar_lo, ar_hi;
      std::vector<std::uint64_t> rows;
      std::vector<bool> small;
      for (const auto& x : rep.groups) {
        name.push_back(x.name);
        weight_.push_back(x.weight);
        rows.push_back(x.rows);
        small.push_back(x.small);
        goods.push_back(x.goods);
        bads.push_back(x.bads);
        approved.push_back(x.approved);
        ar.push_back(x.approval_rate);
        ar_lo.push_back(x.approval_rate_ci.lower);
        ar_hi.push_back(x.approval_rate_ci.upper);
        br.push_back(x.bad_rate);
        tpr.push_back(x.approval_rate_goods);
        fpr.push_back(x.approval_rate_bads);
        prec.push_back(x.precision);
        mean.push_back(x.mean_score);
        sd.push_back(x.sd_score);
      }
      groups["group"] = name; groups["rows"] = rows; groups["weight"] = weight_; groups["small"] = small;
      groups["goods"] = goods; groups["bads"] = bads; groups["approved"] = approved;
      groups["approval_rate"] = ar; groups["approval_rate_lower"] = ar_lo; groups["approval_rate_upper"] = ar_hi;
      groups["bad_rate"] = br; groups["approval_rate_goods"] = tpr; groups["approval_rate_bads"] = fpr;
      groups["precision"] = prec; groups["mean_score"] = mean; groups["sd_score"] = sd;
    }
    const auto& ms = rep.measures;
    const std::pair<const char*, const fairness::disparity<double>*> measures[] = {
        {"adverse_impact_ratio", &ms.adverse_impact_ratio},
        {"statistical_parity_difference", &ms.statistical_parity_difference},
        {"equal_opportunity_difference", &ms.equal_opportunity_difference},
        {"average_odds_difference", &ms.average_odds_difference},
        {"equalized_odds_difference", &ms.equalized_odds_difference},
        {"predictive_parity_difference", &ms.predictive_parity_difference},
        {"standardized_mean_difference", &ms.standardized_mean_difference},
        {"true_positive_rate_ratio", &ms.true_positive_rate_ratio},
        {"false_positive_rate_ratio", &ms.false_positive_rate_ratio},
        {"equalized_odds_ratio", &ms.equalized_odds_ratio}};
    py::dict vs_ref, across;
    for (const auto& [name, d] : measures) {
      vs_ref[name] = d->vs_reference;
      across[name] = d->across;
    }
    py::dict tests;
    {
      std::vector<double> air_lo, air_hi, fisher_p, z, z_p, chi, chi_p;
      std::vector<bool> ff;
      for (const auto& c : rep.vs_reference) {
        air_lo.push_back(c.adverse_impact_ratio_ci.lower);
        air_hi.push_back(c.adverse_impact_ratio_ci.upper);
        ff.push_back(c.below_four_fifths);
        fisher_p.push_back(c.fisher_run ? c.fisher.p_value : std::numeric_limits<double>::quiet_NaN());
        z.push_back(c.z_test.statistic);
        z_p.push_back(c.z_test.p_value);
        chi.push_back(c.chi_squared.statistic);
        chi_p.push_back(c.chi_squared.p_value);
      }
      tests["adverse_impact_ratio_lower"] = air_lo; tests["adverse_impact_ratio_upper"] = air_hi;
      tests["below_four_fifths"] = ff; tests["fisher_p_value"] = fisher_p; tests["z"] = z; tests["z_p_value"] = z_p;
      tests["chi_squared"] = chi; tests["chi_squared_p_value"] = chi_p;
    }
    return py::make_tuple(groups, vs_ref, across, tests, rep.reference(), rep.below_four_fifths_across);
  });

  bind_records<scorecard_core>(m);
}

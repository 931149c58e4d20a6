#!/usr/bin/Rscript
# Reference values for credo::fairness::fisher_test (tests/fairness/test_inference.cpp):
# R's fisher.test (stats) on 2x2 tables, each alternative, with the conditional MLE of the
# odds ratio and its exact interval. fisher.test finds its roots with uniroot's default
# tolerance (|dt| ~ 1.2e-4), so the same algorithm is also run here with uniroot(tol = 1e-13)
# ("tight"): the C++ test checks the tight values closely and R's own to R's tolerance.
#
# Run: Rscript tests/reference/fisher_reference.R  (writes fisher_reference.json beside it)
# Table layout: matrix(c(a, c, b, d), 2) = rows (group 1: a b; group 2: c d), as credo.
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))

tables <- list(
  c(3, 1, 1, 3),        # R's TeaTasting example (a, b, c, d)
  c(10, 2, 3, 15),
  c(0, 5, 6, 4),        # zero cell: a = lo, odds ratio 0
  c(7, 0, 2, 8),        # zero cell b: a = hi, odds ratio +inf
  c(5, 5, 5, 5),        # odds ratio 1
  c(1, 9, 11, 3),
  c(12, 5, 9, 7),
  c(150, 40, 120, 60),
  c(0, 0, 4, 6),        # an empty group: lo = hi
  c(2, 30, 1, 40)
)

# The same algorithm as fisher.test, with tight roots.
tight <- function(a, b, c, d, alternative, conf.level = 0.95) {
  m <- a + c; n <- b + d; k <- a + b; x <- a
  lo <- max(0, k - n); hi <- min(k, m)
  support <- lo:hi
  logdc <- dhyper(support, m, n, k, log = TRUE)
  dnhyper <- function(ncp) { d <- logdc + log(ncp) * support; d <- exp(d - max(d)); d / sum(d) }
  mnhyper <- function(ncp) {
    if (ncp == 0) return(lo); if (ncp == Inf) return(hi); sum(support * dnhyper(ncp)) }
  pnhyper <- function(q, ncp = 1, upper.tail = FALSE) {
    if (ncp == 1) return(if (upper.tail) phyper(x - 1, m, n, k, lower.tail = FALSE) else phyper(x, m, n, k))
    if (ncp == 0) return(as.numeric(if (upper.tail) q <= lo else q >= lo))
    if (ncp == Inf) return(as.numeric(if (upper.tail) q <= hi else q >= hi))
    sum(dnhyper(ncp)[if (upper.tail) support >= q else support <= q])
  }
  ur <- function(f, int) uniroot(f, int, tol = 1e-13)$root
  mle <- if (x == lo) 0 else if (x == hi) Inf else {
    mu <- mnhyper(1)
    if (mu > x) ur(function(t) mnhyper(t) - x, c(0, 1))
    else if (mu < x) 1 / ur(function(t) mnhyper(1 / t) - x, c(.Machine$double.eps, 1)) else 1
  }
  ncp.U <- function(alpha) {
    if (x == hi) return(Inf); p <- pnhyper(x, 1)
    if (p < alpha) ur(function(t) pnhyper(x, t) - alpha, c(0, 1))
    else if (p > alpha) 1 / ur(function(t) pnhyper(x, 1 / t) - alpha, c(.Machine$double.eps, 1)) else 1
  }
  ncp.L <- function(alpha) {
    if (x == lo) return(0); p <- pnhyper(x, 1, upper.tail = TRUE)
    if (p > alpha) ur(function(t) pnhyper(x, t, upper.tail = TRUE) - alpha, c(0, 1))
    else if (p < alpha) 1 / ur(function(t) pnhyper(x, 1 / t, upper.tail = TRUE) - alpha, c(.Machine$double.eps, 1))
    else 1
  }
  ci <- switch(alternative, less = c(0, ncp.U(1 - conf.level)), greater = c(ncp.L(1 - conf.level), Inf),
               two.sided = c(ncp.L((1 - conf.level) / 2), ncp.U((1 - conf.level) / 2)))
  list(estimate = mle, conf_int = ci)
}

num <- function(v) ifelse(is.infinite(v), ifelse(v > 0, "\"inf\"", "\"-inf\""), sprintf("%.17g", v))
out <- c()
for (t in tables) {
  for (alt in c("two.sided", "less", "greater")) {
    for (lvl in c(0.95, 0.9)) {
      f <- fisher.test(matrix(c(t[1], t[3], t[2], t[4]), 2), alternative = alt, conf.level = lvl)
      g <- tight(t[1], t[2], t[3], t[4], alt, lvl)
      alt_name <- sub("two.sided", "two_sided", alt)
      out <- c(out, sprintf(paste0(
        "{\"table\": [%s], \"alternative\": \"%s\", \"level\": %s, \"p_value\": %s, ",
        "\"odds_ratio\": %s, \"conf_int\": [%s, %s], \"tight_odds_ratio\": %s, \"tight_conf_int\": [%s, %s]}"),
        paste(t, collapse = ", "), alt_name, num(lvl), num(f$p.value), num(f$estimate),
        num(f$conf.int[1]), num(f$conf.int[2]), num(g$estimate), num(g$conf_int[1]), num(g$conf_int[2])))
    }
  }
}
writeLines(c(sprintf("{\"source\": \"R %s, stats::fisher.test\", \"cases\": [", getRversion()),
             paste(out, collapse = ",\n"), "]}"), file.path(here, "fisher_reference.json"))

#!/usr/bin/Rscript
# Hosmer-Lemeshow with the groups of R's ResourceSelection::hoslem.test (not installed here;
# its grouping, from R/hoslem.test.R of ResourceSelection 0.3-6, written out below):
#   qq <- unique(quantile(yhat, probs = seq(0, 1, 1/g)))          # type-7 quantiles
#   cutyhat <- cut(yhat, breaks = qq, include.lowest = TRUE)
#   observed / expected by group; chisq = sum((obs - exp)^2 / exp) over both columns;
#   df = G - 2, G = length(unique(cutyhat)).
# Reference for credo::metrics::calibration::hosmer_lemeshow(g, r_quantile)
# (tests/metrics/test_hosmer_lemeshow.cpp).
#
# Run: Rscript tests/reference/hosmer_lemeshow_reference.R  (writes hosmer_lemeshow_r.json)
# Data: data/german_credit.csv, bad = class 'bad'; predictions exact in binary64 everywhere:
#   spread: p = (5 duration + credit_amount %% 200 + 50) / 1000
#   tied:   p = (10 duration + 20) / 1000       (33 distinct values: ties at the cut points)
#   tied_weighted: tied with frequency weights 1 + (row mod 3), as rows repeated.
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
d <- read.csv(file.path(here, "..", "..", "data", "german_credit.csv"))
y <- as.numeric(d$class == "bad")
preds <- list(spread = (5 * d$duration + d$credit_amount %% 200 + 50) / 1000,
              tied = (10 * d$duration + 20) / 1000)
w <- 1 + (seq_len(nrow(d)) - 1) %% 3
# A small sample where R's type-7 breaks and Stata's percentiles part differently.
small_p <- c(1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 5, 6, 6, 6, 7, 7) / 10
small_y <- c(0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1)

hl <- function(y, yhat, g) {
  qq <- unique(quantile(yhat, probs = seq(0, 1, 1/g)))
  cutyhat <- cut(yhat, breaks = qq, include.lowest = TRUE)
  observed <- xtabs(cbind(y0 = 1 - y, y1 = y) ~ cutyhat)
  expected <- xtabs(cbind(yhat0 = 1 - yhat, yhat1 = yhat) ~ cutyhat)
  chisq <- sum((observed - expected)^2 / expected)
  G <- length(unique(cutyhat))
  rows <- as.vector(table(cutyhat))
  pmin <- as.vector(tapply(yhat, cutyhat, min)); pmax <- as.vector(tapply(yhat, cutyhat, max))
  list(statistic = chisq, df = G - 2, p_value = 1 - pchisq(chisq, G - 2), breaks = qq,
       rows = rows, observed = as.vector(observed[, "y1"]), expected = as.vector(expected[, "yhat1"]),
       p_min = pmin, p_max = pmax)
}
num <- function(v) paste(sprintf("%.17g", v), collapse = ", ")
out <- c()
for (name in c("spread", "tied", "tied_weighted", "small")) {
  for (g in (if (name == "small") c(4) else c(10, 5))) {
    p <- if (name == "tied_weighted") preds$tied else preds[[name]]
    if (name == "tied_weighted") r <- hl(rep(y, w), rep(p, w), g)
    else if (name == "small") r <- hl(small_y, small_p, g)
    else r <- hl(y, p, g)
    out <- c(out, sprintf(paste0("{\"case\": \"%s\", \"groups\": %d, \"statistic\": %s, \"df\": %s, \"p_value\": %s, ",
                                 "\"breaks\": [%s], \"weight\": [%s], \"observed_bads\": [%s], \"expected_bads\": [%s], ",
                                 "\"p_min\": [%s], \"p_max\": [%s]}"),
                          name, g, num(r$statistic), num(r$df), num(r$p_value), num(r$breaks), num(r$rows),
                          num(r$observed), num(r$expected), num(r$p_min), num(r$p_max)))
  }
}
writeLines(c(sprintf("{\"source\": \"R %s, hoslem.test's grouping (ResourceSelection 0.3-6)\", \"cases\": [", getRversion()),
             paste(out, collapse = ",\n"), "]}"), file.path(here, "hosmer_lemeshow_r.json"))

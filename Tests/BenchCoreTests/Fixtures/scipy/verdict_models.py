"""Reference values for bench's verdict models, computed once with SciPy and kept as
verdict-models.json. Run: python3 verdict_models.py > verdict-models.json
(SciPy 1.17.1, NumPy 2.4.6 from PyPI.)"""
import json
import numpy as np
from scipy import stats

rng = np.random.default_rng(20261126)
windows = {
    "flat-1pct": list(np.round(100 * (1 + 0.01 * rng.standard_normal(30)), 6)),
    "noisy-6pct": list(np.round(100 * (1 + 0.06 * rng.standard_normal(30)), 6)),
    "small": [10.0, 10.4, 9.8, 10.1, 10.3, 9.9, 10.2, 10.0, 9.7, 10.5],
    "skewed": list(np.round(rng.lognormal(mean=3.0, sigma=0.25, size=25), 6)),
}
out = {"normal_ppf": [], "t_ppf": [], "t_cdf": [], "quantiles": [], "bh": [], "limits": []}
for p in [0.5, 0.9, 0.95, 0.975, 0.99, 0.999, 0.9999, 0.01, 0.3]:
    out["normal_ppf"].append({"p": p, "x": float(stats.norm.ppf(p))})
for p in [0.9, 0.95, 0.99, 0.999, 0.05]:
    for df in [1, 4, 9, 29, 100]:
        out["t_ppf"].append({"p": p, "df": df, "x": float(stats.t.ppf(p, df))})
for x in [-3.0, -0.5, 0.0, 1.2, 2.5, 6.0]:
    for df in [2, 9, 29]:
        out["t_cdf"].append({"x": x, "df": df, "p": float(stats.t.cdf(x, df))})
for name, values in windows.items():
    for q in [0.25, 0.5, 0.75]:
        out["quantiles"].append({"values": [float(v) for v in values], "q": q, "x": float(np.quantile(values, q))})
for ps in [[0.01, 0.04, 0.03, 0.2], [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216],
           [0.5], [0.049, 0.049, 0.049]]:
    out["bh"].append({"p": ps, "adjusted": [float(v) for v in stats.false_discovery_control(ps, method="bh")]})

def bounds(distribution, candidate, confidence):
    """The central interval (scipy's own .interval) and the two-sided p of the candidate."""
    lower, upper = distribution.interval(confidence)
    return {"lower": float(lower), "upper": float(upper),
            "p": float(2 * min(distribution.cdf(candidate), distribution.sf(candidate)))}


def limits(name, values, candidate, confidence, multiplier=1.5):
    v = np.asarray(values, dtype=float)
    n = len(v)
    m, s = v.mean(), v.std(ddof=1)
    scale = s * np.sqrt(1 + 1 / n)
    t = stats.t(df=n - 1, loc=m, scale=scale)
    z = stats.norm(loc=m, scale=s)
    logs = np.log(v)
    ln = stats.lognorm(s=logs.std(ddof=1), scale=np.exp(logs.mean()))
    q1, q3 = np.quantile(v, [0.25, 0.75])
    d = (v[1:] - v[:-1]) / np.abs(v[:-1])
    d1, d3 = np.quantile(d, [0.25, 0.75])
    med = np.median(v)
    return {
        "window": name, "values": [float(x) for x in values], "candidate": candidate, "confidence": confidence,
        "t_test": bounds(t, candidate, confidence),
        "z_score": bounds(z, candidate, confidence),
        "log_normal": bounds(ln, candidate, confidence),
        "iqr": {"lower": float(q1 - multiplier * (q3 - q1)), "upper": float(q3 + multiplier * (q3 - q1))},
        "delta_iqr": {"lower": float(med * (1 + d1 - multiplier * (d3 - d1))), "upper": float(med * (1 + d3 + multiplier * (d3 - d1)))},
    }

for name, values in windows.items():
    center = float(np.mean(values))
    for candidate, confidence in [(center * 1.05, 0.99), (center * 0.9, 0.95), (center, 0.999)]:
        out["limits"].append(limits(name, values, round(candidate, 6), confidence))
print(json.dumps(out, indent=1))

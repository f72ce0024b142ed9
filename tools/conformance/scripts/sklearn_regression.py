"""
References from scikit-learn 1.2.1 (float64) for Entropic's LinearRegression and Ridge and for the
metrics mse, mae, r2Score, rocCurve, precisionRecallCurve and classificationReport.
Writes tools/conformance/vectors/sklearn-regression.json and sklearn-metrics.json.

Run: /usr/bin/python3 tools/conformance/scripts/sklearn_regression.py
"""
import numpy as np
import sklearn
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import (classification_report, mean_absolute_error, mean_squared_error,
                             precision_recall_curve, precision_recall_fscore_support, r2_score, roc_curve)

from _refjson import require_versions, tensor_json, write_vectors
from _sklearn_data import load_csv, standardize

require_versions(sklearn='1.2', numpy='1.24')

VERSION = f'scikit-learn {sklearn.__version__}, numpy {np.__version__}, float64'


def normal_equations_check(X, y, coef, intercept, alpha, w, fit_intercept):
    """Max-abs gradient of sum_i w_i (y_i - x_i b - c)^2 + alpha |b|^2 at the answer (0 at the optimum)."""
    n = X.shape[0]
    w = np.ones(n) if w is None else w
    r = (X @ coef.T + intercept) - y
    if r.ndim == 1:
        r = r[:, None]
    g_coef = 2 * (X.T @ (w[:, None] * r)).T + 2 * alpha * np.atleast_2d(coef)
    g_int = 2 * (w[:, None] * r).sum(axis=0) if fit_intercept else np.zeros(1)
    scale = np.abs(X).max() * np.abs(y).max() * w.sum()
    return float(max(np.abs(g_coef).max(), np.abs(g_int).max()) / scale)


def regression_case(name, model, X, y, sample_weight=None, note=None):
    est = LinearRegression(fit_intercept=model.get('fitIntercept', True)) if model['kind'] == 'LinearRegression' \
        else Ridge(alpha=model['alpha'], fit_intercept=model.get('fitIntercept', True))
    est.fit(X, y, sample_weight=sample_weight)
    # Reference: the exact normal-equation solution in long double where the problem has full rank.
    out = {
        'name': name,
        'model': model['kind'],
        'options': {k: v for k, v in model.items() if k != 'kind'},
        'sklearn': f"{type(est).__name__}({', '.join(f'{k}={v!r}' for k, v in est.get_params().items() if k in ('alpha', 'fit_intercept'))})"
                   + ('.fit(X, y, sample_weight)' if sample_weight is not None else '.fit(X, y)') + f' ({VERSION})',
        'coef': tensor_json(est.coef_), 'intercept': tensor_json(np.asarray(est.intercept_)),
        'predictFirst5': tensor_json(est.predict(X[:5])),
        'score': float(est.score(X, y, sample_weight=sample_weight)),
        'optimalityCheck': {'relativeMaxAbsGradient': normal_equations_check(X, y, est.coef_, est.intercept_, model.get('alpha', 0.0), sample_weight, est.fit_intercept)},
        'X': tensor_json(X), 'y': tensor_json(y),
    }
    if model['kind'] == 'LinearRegression':
        out['rank'] = int(est.rank_)
    if sample_weight is not None:
        out['sampleWeight'] = tensor_json(sample_weight)
    if note:
        out['note'] = note
    return out


def regression_cases():
    Xi, yi = load_csv('iris.csv')
    Xb, _ = load_csv('breast-cancer-wisconsin.csv')
    rng = np.random.default_rng(1)
    w = rng.uniform(0.2, 3.0, size=len(Xi))
    X3, petal_width = Xi[:, :3], Xi[:, 3]
    # Breast cancer: 'mean area' (column 3) from the other mean features, standardised.
    Xbs = standardize(Xb)
    area = Xb[:, 3]
    others = Xbs[:, [0, 1, 4, 5, 6, 7, 8, 9]]
    # Rank deficient: a column repeated and a constant one; sklearn returns the minimum-norm solution.
    Xdef = np.hstack([X3, X3[:, :1], np.full((len(X3), 1), 2.5)])
    return [
        regression_case('iris_petal_width_ols', {'kind': 'LinearRegression'}, X3, petal_width),
        regression_case('iris_petal_width_ols_weighted', {'kind': 'LinearRegression'}, X3, petal_width, sample_weight=w),
        regression_case('iris_petal_width_ols_no_intercept', {'kind': 'LinearRegression', 'fitIntercept': False}, X3, petal_width),
        regression_case('iris_two_targets_ols', {'kind': 'LinearRegression'}, Xi[:, :2], Xi[:, 2:4]),
        regression_case('iris_rank_deficient_ols', {'kind': 'LinearRegression'}, Xdef, petal_width,
                        note='X has 5 columns of rank 3 (column 3 repeats column 0, column 4 is constant): the answer is the minimum-norm least-squares solution (LAPACK gelsd)'),
        regression_case('breast_cancer_area_ols', {'kind': 'LinearRegression'}, others, area),
        regression_case('iris_petal_width_ridge_alpha1', {'kind': 'Ridge', 'alpha': 1.0}, X3, petal_width),
        regression_case('iris_petal_width_ridge_alpha10_weighted', {'kind': 'Ridge', 'alpha': 10.0}, X3, petal_width, sample_weight=w),
        regression_case('iris_two_targets_ridge_no_intercept', {'kind': 'Ridge', 'alpha': 0.5, 'fitIntercept': False}, Xi[:, :2], Xi[:, 2:4]),
        regression_case('breast_cancer_area_ridge_alpha100', {'kind': 'Ridge', 'alpha': 100.0}, others, area),
    ]


def metric_cases():
    Xb, yb = load_csv('breast-cancer-wisconsin.csv')
    Xbs = standardize(Xb)
    rng = np.random.default_rng(2)
    # Scores of a deliberately weak model (two features), so the curves have many points.
    scores = LogisticRegression().fit(Xbs[:, [1, 9]], yb).predict_proba(Xbs[:, [1, 9]])[:, 1]
    tied = np.round(scores, 1)
    w = rng.uniform(0.2, 3.0, size=len(yb))
    cases = []
    for name, s, sw in [('roc_weak_model', scores, None), ('roc_tied_scores', tied, None), ('roc_weighted', scores, w)]:
        for drop in (True, False):
            fpr, tpr, thr = roc_curve(yb, s, sample_weight=sw, drop_intermediate=drop)
            c = {'name': f'{name}_drop{drop}', 'fn': 'rocCurve', 'yTrue': tensor_json(yb, 'int32'), 'scores': tensor_json(s),
                 'opts': {'dropIntermediate': drop}, 'fpr': tensor_json(fpr), 'tpr': tensor_json(tpr), 'thresholds': tensor_json(thr)}
            if sw is not None:
                c['sampleWeight'] = tensor_json(sw)
            cases.append(c)
    for name, s, sw in [('pr_weak_model', scores, None), ('pr_tied_scores', tied, None), ('pr_weighted', scores, w)]:
        p, r, thr = precision_recall_curve(yb, s, sample_weight=sw)
        c = {'name': name, 'fn': 'precisionRecallCurve', 'yTrue': tensor_json(yb, 'int32'), 'scores': tensor_json(s), 'opts': {},
             'precision': tensor_json(p), 'recall': tensor_json(r), 'thresholds': tensor_json(thr)}
        if sw is not None:
            c['sampleWeight'] = tensor_json(sw)
        cases.append(c)
    # classification_report on a 3-class prediction with every class present, and a binary one.
    Xi, yi = load_csv('iris.csv')
    pred = LogisticRegression(max_iter=1000).fit(Xi[:, :2], yi).predict(Xi[:, :2])
    for name, yt, yp, names, digits in [('report_iris_two_features', yi, pred, ['setosa', 'versicolor', 'virginica'], 2),
                                        ('report_binary_digits4', yb, (scores > 0.5).astype(int), None, 4)]:
        rep = classification_report(yt, yp, target_names=names, digits=digits, output_dict=True)
        text = classification_report(yt, yp, target_names=names, digits=digits)
        labels = names or [str(c) for c in range(int(yt.max()) + 1)]
        p, r, f, s = precision_recall_fscore_support(yt, yp)
        cases.append({
            'name': name, 'fn': 'classificationReport', 'yTrue': tensor_json(yt, 'int32'), 'yPred': tensor_json(yp, 'int32'),
            'opts': {**({'targetNames': names} if names else {}), 'digits': digits},
            'classes': [{'label': labels[c], 'precision': float(p[c]), 'recall': float(r[c]), 'f1': float(f[c]), 'support': int(s[c])} for c in range(len(labels))],
            'accuracy': float(rep['accuracy']),
            'macroAvg': {'precision': rep['macro avg']['precision'], 'recall': rep['macro avg']['recall'], 'f1': rep['macro avg']['f1-score'], 'support': int(rep['macro avg']['support'])},
            'weightedAvg': {'precision': rep['weighted avg']['precision'], 'recall': rep['weighted avg']['recall'], 'f1': rep['weighted avg']['f1-score'], 'support': int(rep['weighted avg']['support'])},
            'text': text,
        })
    # Regression metrics, one and two outputs, with and without weights.
    y1 = Xi[:, 3]
    p1 = y1 + rng.normal(0, 0.3, size=len(y1))
    y2 = Xi[:, 2:4]
    p2 = y2 + rng.normal(0, 0.5, size=y2.shape) * np.array([1.0, 0.2])
    wi = rng.uniform(0.2, 3.0, size=len(y1))
    for name, yt, yp, sw in [('one_output', y1, p1, None), ('one_output_weighted', y1, p1, wi), ('two_outputs', y2, p2, None), ('two_outputs_weighted', y2, p2, wi)]:
        c = {'name': f'regression_{name}', 'fn': 'regression', 'yTrue': tensor_json(yt), 'yPred': tensor_json(yp),
             'mse': float(mean_squared_error(yt, yp, sample_weight=sw)), 'mae': float(mean_absolute_error(yt, yp, sample_weight=sw)),
             'r2Score': float(r2_score(yt, yp, sample_weight=sw))}
        if sw is not None:
            c['sampleWeight'] = tensor_json(sw)
        cases.append(c)
    return cases


def main():
    write_vectors('sklearn-regression.json',
          f'LinearRegression and Ridge fitted by {VERSION} on the repository\'s iris and breast cancer data: coef, intercept '
          '(shape [] for y [n], [t] for y [n, t]), the first 5 predictions, score (R^2) and, for LinearRegression, rank_. '
          "Fit Entropic's LinearRegression(options) / Ridge(options) on X, y (with { sampleWeight } when given) and compare "
          'to 1e-8 (abs + rel). optimalityCheck is the normal equations\' relative residual of sklearn\'s answer. '
          'Made by tools/conformance/scripts/sklearn_regression.py.',
          regression_cases())
    write_vectors('sklearn-metrics.json',
          f'Metrics computed by {VERSION}: roc_curve (fpr, tpr, thresholds; thresholds[0] = max score + 1), '
          'precision_recall_curve, classification_report (per class, accuracy, macro and weighted averages and the text), '
          'mean_squared_error, mean_absolute_error and r2_score (several outputs: uniform average). Each case names the '
          "Entropic function ('regression': mse, mae and r2Score); compare numbers to 1e-12 and text exactly. "
          'Made by tools/conformance/scripts/sklearn_regression.py.',
          metric_cases())


if __name__ == '__main__':
    main()

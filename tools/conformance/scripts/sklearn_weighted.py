"""
Reference optima of logistic (binary) and softmax (multinomial) regression with sample weights and
class_weight='balanced', from scikit-learn 1.2.1 in float64, refined to the exact optimum by Newton
steps in numpy. Writes tools/conformance/vectors/sklearn-weighted.json.

Entropic's objective is mean_i(w_i * cross-entropy_i) + (l2 / 2) * ||coef||^2 with the intercept
not penalised; with l2 = 1 / (C * n) it is sklearn's C * sum_i(w_i * ce_i) + ||coef||^2 / 2 divided
by C * n, so both have the same minimiser.

Run: /usr/bin/python3 tools/conformance/scripts/sklearn_weighted.py
"""
import warnings

import numpy as np
import scipy
import sklearn
from scipy.special import expit, log_expit, logsumexp, softmax
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_class_weight

from _refjson import require_versions, tensor_json, write_vectors
from _sklearn_data import load_csv, standardize

require_versions(sklearn='1.2', numpy='1.24')
# newton-cg with tol=1e-10 stops at max_iter or on its line search and says so; the Newton
# refinement below takes the answer to the optimum, so those warnings are expected.
warnings.filterwarnings('ignore')


def binary_objective(theta, X, y, w, l2):
    z = X @ theta[:-1] + theta[-1]
    ce = -(y * log_expit(z) + (1 - y) * log_expit(-z))
    return np.mean(w * ce) + l2 / 2 * theta[:-1] @ theta[:-1]


def binary_grad_hess(theta, X, y, w, l2):
    n, d = X.shape
    Xb = np.hstack([X, np.ones((n, 1))])
    p = expit(Xb @ theta)
    g = Xb.T @ (w * (p - y)) / n
    H = Xb.T @ (Xb * (w * p * (1 - p))[:, None]) / n
    pen = np.r_[np.full(d, l2), 0.0]
    return g + pen * theta, H + np.diag(pen)


def softmax_objective(theta, X, y, w, l2, k):
    n, d = X.shape
    W = theta.reshape(k, d + 1)
    Z = X @ W[:, :d].T + W[:, d]
    ce = logsumexp(Z, axis=1) - Z[np.arange(n), y]
    return np.mean(w * ce) + l2 / 2 * np.sum(W[:, :d] ** 2)


def softmax_grad_hess(theta, X, y, w, l2, k):
    n, d = X.shape
    Xb = np.hstack([X, np.ones((n, 1))])
    W = theta.reshape(k, d + 1)
    P = softmax(Xb @ W.T, axis=1)
    Y = np.eye(k)[y]
    G = ((P - Y) * w[:, None]).T @ Xb / n
    pen = np.tile(np.r_[np.full(d, l2), 0.0], k)
    H = np.zeros((k * (d + 1), k * (d + 1)))
    for a in range(k):
        for b in range(k):
            c = w * P[:, a] * ((a == b) - P[:, b])
            H[a * (d + 1):(a + 1) * (d + 1), b * (d + 1):(b + 1) * (d + 1)] = Xb.T @ (Xb * c[:, None]) / n
    return G.ravel() + pen * theta, H + np.diag(pen)


def newton(theta, grad_hess, steps=50):
    """Newton steps (least-squares solves: the softmax Hessian is singular along a common intercept shift)."""
    for _ in range(steps):
        g, H = grad_hess(theta)
        if np.max(np.abs(g)) < 1e-16:
            break
        theta = theta - np.linalg.lstsq(H, g, rcond=None)[0]
    return theta


def case(name, dataset, X, y, C, sample_weight=None, class_weight=None, multinomial=False):
    n, d = X.shape
    k = int(y.max()) + 1
    l2 = 1.0 / (C * n)
    sk = LogisticRegression(C=C, solver='newton-cg', tol=1e-10, max_iter=100000, class_weight=class_weight,
                            multi_class='multinomial' if multinomial else 'auto')
    sk.fit(X, y, sample_weight=sample_weight)
    # The weights sklearn's objective uses: sample_weight times the class weight of each sample.
    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float).copy()
    if class_weight is not None:
        cw = compute_class_weight(class_weight, classes=np.arange(k), y=y)
        w = w * cw[y]
    if multinomial:
        theta0 = np.hstack([sk.coef_, sk.intercept_[:, None]]).ravel()
        gh = lambda t: softmax_grad_hess(t, X, y, w, l2, k)
        theta = newton(theta0, gh)
        W = theta.reshape(k, d + 1)
        coef, intercept = W[:, :d], W[:, d] - W[:, d].mean()
        objective = softmax_objective(theta, X, y, w, l2, k)
        proba = softmax(X[:5] @ coef.T + intercept, axis=1)
        sk_coef, sk_intercept = sk.coef_, sk.intercept_
    else:
        theta0 = np.r_[sk.coef_[0], sk.intercept_[0]]
        gh = lambda t: binary_grad_hess(t, X, y, w, l2)
        theta = newton(theta0, gh)
        coef, intercept = theta[:-1], np.asarray(theta[-1])
        objective = binary_objective(theta, X, y, w, l2)
        proba = expit(X[:5] @ coef + intercept)
        sk_coef, sk_intercept = sk.coef_[0], np.asarray(sk.intercept_[0])
    g_final, _ = gh(theta)
    assert np.max(np.abs(g_final)) < 1e-7, name
    assert np.max(np.abs(sk_coef - coef)) < 1e-5, (name, np.max(np.abs(sk_coef - coef)))
    out = {
        'name': name,
        'dataset': dataset,
        'model': 'SoftmaxRegression' if multinomial else 'LogisticRegression',
        'sklearn': f"LogisticRegression(C={C}, solver='newton-cg', tol=1e-10, max_iter=100000"
                   + (f", class_weight={class_weight!r}" if class_weight else '')
                   + (", multi_class='multinomial'" if multinomial else '') + ')'
                   + ('.fit(X, y, sample_weight)' if sample_weight is not None else '.fit(X, y)')
                   + f' (scikit-learn {sklearn.__version__}, float64), refined by Newton steps in numpy to the exact optimum',
        'n': n, 'd': d, 'classes': k, 'C': C, 'l2': l2,
        'objective': float(objective),
        'objectiveDefinition': 'mean_i(w_i * cross-entropy_i) + (l2/2)*||coef||^2, intercept not penalised, l2 = 1/(C*n), w = sampleWeight times the class weight',
        'coef': tensor_json(coef), 'intercept': tensor_json(intercept),
        'predictProbaFirst5': tensor_json(proba),
        'gradientCheck': {'maxAbsGradient': float(np.max(np.abs(g_final))), 'threshold': 1e-7,
                          'sklearnMaxAbsDiffFromReference': float(np.max(np.abs(sk_coef - coef)))},
        'effectiveWeights': tensor_json(w),
        'X': tensor_json(X), 'y': tensor_json(y, 'int32'),
    }
    if sample_weight is not None:
        out['sampleWeight'] = tensor_json(sample_weight)
    if class_weight is not None:
        out['classWeight'] = class_weight
    if multinomial:
        out['interceptNote'] = 'intercepts are defined up to a common shift: compare them after subtracting their mean (these have mean 0)'
    return out


def main():
    Xb, yb = load_csv('breast-cancer-wisconsin.csv')
    Xi, yi = load_csv('iris.csv')
    Xb, Xi = standardize(Xb), standardize(Xi)
    rng = np.random.default_rng(0)
    wb = rng.uniform(0.2, 3.0, size=len(yb))
    wi = rng.uniform(0.2, 3.0, size=len(yi))
    # An unbalanced 3-class problem: iris without 35 of its setosa rows.
    keep = np.r_[np.arange(15), np.arange(50, 150)]
    cases = [
        case('breast_cancer_C1_sample_weight', 'breast_cancer', Xb, yb, 1.0, sample_weight=wb),
        case('breast_cancer_C1_balanced', 'breast_cancer', Xb, yb, 1.0, class_weight='balanced'),
        case('breast_cancer_C0_1_balanced_and_sample_weight', 'breast_cancer', Xb, yb, 0.1, sample_weight=wb, class_weight='balanced'),
        case('iris_multinomial_C1_sample_weight', 'iris', Xi, yi, 1.0, sample_weight=wi, multinomial=True),
        case('iris_unbalanced_multinomial_C1_balanced', 'iris (rows 0-14 and 50-149)', Xi[keep], yi[keep], 1.0, class_weight='balanced', multinomial=True),
    ]
    about = (
        f'Exact optima of L2-regularised logistic (binary) and softmax (multinomial) regression with sample weights and '
        f"class_weight='balanced', from scikit-learn {sklearn.__version__} (scipy {scipy.__version__}, numpy {np.__version__}) in float64, "
        'refined by Newton steps in numpy (max-abs gradient < 1e-7). Fit Entropic\'s model with { l2: 1/(C*n), solver: \'lbfgs\' } '
        "(and { classWeight: 'balanced' } where classWeight is given) and fit(X, y, { sampleWeight }); compare coef, intercept "
        '(multinomial: after subtracting the mean) and predictProbaFirst5 to 1e-4. X is each data set standardised with the '
        'population std; sample weights are numpy default_rng(0) uniform(0.2, 3). Made by tools/conformance/scripts/sklearn_weighted.py.'
    )
    write_vectors('sklearn-weighted.json', about, cases)


if __name__ == '__main__':
    main()

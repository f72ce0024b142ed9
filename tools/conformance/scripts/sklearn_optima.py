#!/usr/bin/env python3
"""Writes ../vectors/sklearn.json: the exact optima of scikit-learn 1.2's L2-regularised logistic
(binary) and softmax (multinomial) regression on the two data sets @entropic/data ships, for
@entropic/model's LogisticRegression / SoftmaxRegression to reproduce.

For each case: standardize every feature over the full data set (population std, ddof = 0), fit
sklearn's LogisticRegression(C, solver='newton-cg', tol=1e-10), then refine with Newton steps in
numpy until the gradient of the objective is at rounding level. Entropic's objective is sklearn's
divided by C·n: mean cross-entropy + (l2/2)·‖coef‖² with l2 = 1/(C·n), intercept not penalised.
sklearn's own solver='lbfgs' answer is kept in `sklearnLbfgs` for comparison (it stops early).

Run: /usr/bin/python3 tools/conformance/scripts/sklearn_optima.py   (or `pnpm refs`)
"""
import os
import warnings

import numpy as np
import sklearn
from scipy.special import expit, log_expit, log_softmax, softmax
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from _refjson import require_versions, tensor_json, write_vectors

require_versions(sklearn='1.2', numpy='1.24')
# newton-cg with tol=1e-10 runs to max_iter without meeting tol and says so; the Newton refinement
# below then takes the answer to the optimum, so the warning is expected.
warnings.filterwarnings('ignore', category=ConvergenceWarning)

DATASETS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'packages', 'data', 'datasets')
DATASETS = {
    'breast_cancer': ('breast-cancer-wisconsin.csv', load_breast_cancer,
                      "sklearn.datasets.load_breast_cancer() = @entropic/data's datasets/breast-cancer-wisconsin.csv; "
                      'target 0 = malignant, 1 = benign (sklearn\'s encoding); predictProba is P(target = 1) = P(benign)'),
    'iris': ('iris.csv', load_iris,
             "sklearn.datasets.load_iris() = @entropic/data's datasets/iris.csv; target 0 = setosa, 1 = versicolor, 2 = virginica"),
}

# The cases: data set, model, C.
CASES = [
    ('breast_cancer_C1', 'breast_cancer', 'LogisticRegression', 1.0),
    ('breast_cancer_C0_1', 'breast_cancer', 'LogisticRegression', 0.1),
    ('iris_multinomial_C1', 'iris', 'SoftmaxRegression', 1.0),
]
THRESHOLD = 1e-7  # the reference must be an optimum: max |gradient| below this


def load(dataset):
    """The package's CSV, checked against sklearn's bundled copy (the same float64 numbers)."""
    file_name, sklearn_loader, _ = DATASETS[dataset]
    table = np.loadtxt(os.path.join(DATASETS_DIR, file_name), delimiter=',', skiprows=1)
    X, y = table[:, :-1], table[:, -1].astype(np.int64)
    bunch = sklearn_loader()
    assert np.array_equal(X, bunch.data) and np.array_equal(y, bunch.target), f'{file_name} differs from sklearn'
    return X, y


# ---- the objective: mean cross-entropy + (l2/2)·‖W‖², parameters θ = [W (K×d) | b (K)] ---------
# Binary: K = 1 and p = σ(z); multinomial: softmax over K classes.
class Objective:
    def __init__(self, X, y, classes, l2):
        self.X, self.y, self.l2 = X, y, l2
        self.n, self.d = X.shape
        self.K = 1 if classes == 2 else classes
        self.Y = (y[:, None] == np.arange(self.K)[None, :]).astype(float) if self.K > 1 else y[:, None].astype(float)

    def split(self, theta):
        return theta[:self.K * self.d].reshape(self.K, self.d), theta[self.K * self.d:]

    def probabilities(self, theta):
        W, b = self.split(theta)
        z = self.X @ W.T + b
        return expit(z) if self.K == 1 else softmax(z, axis=1)

    def value(self, theta):
        W, b = self.split(theta)
        z = self.X @ W.T + b
        if self.K == 1:
            # −[y log σ(z) + (1 − y) log σ(−z)], stable for large |z|
            ce = -(self.Y * log_expit(z) + (1 - self.Y) * log_expit(-z)).sum(axis=1)
        else:
            ce = -(self.Y * log_softmax(z, axis=1)).sum(axis=1)
        return ce.mean() + 0.5 * self.l2 * (W * W).sum()

    def gradient(self, theta):
        W, _ = self.split(theta)
        R = self.probabilities(theta) - self.Y  # n × K
        gW = R.T @ self.X / self.n + self.l2 * W
        return np.concatenate([gW.ravel(), R.mean(axis=0)])

    def hessian(self, theta):
        P = self.probabilities(theta)
        Xb = np.hstack([self.X, np.ones((self.n, 1))])
        d1 = self.d + 1
        H = np.zeros((self.K * d1, self.K * d1))
        for j in range(self.K):
            for k in range(self.K):
                w = P[:, j] * ((j == k) - P[:, k]) if self.K > 1 else P[:, 0] * (1 - P[:, 0])
                H[j * d1:(j + 1) * d1, k * d1:(k + 1) * d1] = (Xb * w[:, None]).T @ Xb / self.n
        # reorder from per-class [w_j, b_j] blocks to θ = [W.ravel(), b]
        order = [k * d1 + i for k in range(self.K) for i in range(self.d)] + [k * d1 + self.d for k in range(self.K)]
        H = H[np.ix_(order, order)]
        H[:self.K * self.d, :self.K * self.d] += self.l2 * np.eye(self.K * self.d)
        return H


def theta_of(model, K):
    return np.concatenate([model.coef_.reshape(K, -1).ravel(), model.intercept_.ravel()])


def newton_refine(obj, theta):
    """Newton steps from sklearn's answer. The multinomial Hessian is singular along a common shift
    of the intercepts (softmax is invariant to it): lstsq takes the minimum-norm step, orthogonal to
    that direction, so the intercepts' sum stays where sklearn left it."""
    for _ in range(50):
        g = obj.gradient(theta)
        if np.abs(g).max() < 1e-15:
            break
        step = np.linalg.lstsq(obj.hessian(theta), g, rcond=None)[0]
        candidate = theta - step
        if np.abs(obj.gradient(candidate)).max() >= np.abs(g).max():
            break
        theta = candidate
    return theta


def run(name, dataset, model_name, C):
    X_raw, y = load(dataset)
    mean, std = X_raw.mean(axis=0), X_raw.std(axis=0)
    X = (X_raw - mean) / std
    n, d = X.shape
    classes = int(y.max()) + 1
    l2 = 1.0 / (C * n)
    obj = Objective(X, y, classes, l2)
    K = obj.K
    multi = {'multi_class': 'multinomial'} if classes > 2 else {}

    newton_cg = LogisticRegression(C=C, solver='newton-cg', tol=1e-10, max_iter=100000, **multi).fit(X, y)
    theta_cg = theta_of(newton_cg, K)
    theta = newton_refine(obj, theta_cg)
    lbfgs = LogisticRegression(C=C, solver='lbfgs', tol=1e-10, max_iter=100000, **multi).fit(X, y)
    theta_lbfgs = theta_of(lbfgs, K)

    grad = np.abs(obj.gradient(theta)).max()
    assert grad < THRESHOLD, f'{name}: not an optimum (max |gradient| {grad})'
    W, b = obj.split(theta)
    P = obj.probabilities(theta)
    predicted = (P[:, 0] > 0.5).astype(int) if K == 1 else P.argmax(axis=1)
    Wl, bl = obj.split(theta_lbfgs)

    def coef_json(W_):
        return tensor_json(W_[0] if K == 1 else W_)

    def intercept_json(b_):
        return tensor_json(np.float64(b_[0]) if K == 1 else b_)

    sklearn_args = f"C={C}, solver='newton-cg', tol=1e-10, max_iter=100000" + (", multi_class='multinomial'" if multi else '')
    out = {
        'name': name, 'dataset': dataset, 'source': DATASETS[dataset][2],
        'preprocessing': 'every feature standardized over the full data set: (x - mean) / std with the population '
                         f'standard deviation (ddof = 0) of all {n} rows; featureMean/featureStd hold the values used; '
                         'X is the standardized matrix',
        'model': model_name,
        'sklearn': f'sklearn.linear_model.LogisticRegression({sklearn_args}) (scikit-learn {sklearn.__version__}, float64), '
                   'refined by Newton steps in numpy to the exact optimum',
        'n': n, 'd': d, 'classes': classes, 'C': C, 'l2': l2,
        'objective': float(obj.value(theta)),
        'objectiveDefinition': 'mean cross-entropy + (l2/2)*||coef||^2, intercept not penalised, l2 = 1/(C*n)',
        'coef': coef_json(W), 'intercept': intercept_json(b),
    }
    if K > 1:
        out['interceptNote'] = ('with an unpenalised intercept the softmax objective is invariant to adding one constant '
                                f'to every intercept; these sum to {float(b.sum())!r}: compare intercepts after subtracting '
                                'their mean')
    out['trainAccuracy'] = float((predicted == y).mean())
    out['predictProbaFirst5'] = tensor_json(P[:5, 0] if K == 1 else P[:5])
    out['gradientCheck'] = {
        'maxAbsGradient': float(grad), 'threshold': THRESHOLD, 'ok': True,
        'sklearnNewtonCgMaxAbsGradient': float(np.abs(obj.gradient(theta_cg)).max()),
        'sklearnNewtonCgMaxAbsDiffFromReference': float(np.abs(theta_cg - theta).max()),
        'sklearnLbfgsMaxAbsGradient': float(np.abs(obj.gradient(theta_lbfgs)).max()),
        'sklearnLbfgsMaxAbsDiffFromReference': float(np.abs(theta_lbfgs - theta).max()),
        'sklearnLbfgsIterations': int(np.max(lbfgs.n_iter_)),
        'sklearnLbfgsNote': "LogisticRegression(solver='lbfgs', tol=1e-10) stops on scipy's relative-decrease test "
                            '(ftol = 64 eps), not on tol; its coef is recorded in sklearnLbfgs for reference only',
    }
    out['sklearnLbfgs'] = {'coef': coef_json(Wl), 'intercept': intercept_json(bl), 'objective': float(obj.value(theta_lbfgs))}
    out['featureMean'] = tensor_json(mean)
    out['featureStd'] = tensor_json(std)
    out['X'] = tensor_json(X)
    out['y'] = tensor_json(y.astype(np.int32))
    return out


ABOUT = (
    'Reference solutions of L2-regularised logistic (binary) and softmax (multinomial) regression from scikit-learn '
    "1.2.1 in float64: the exact optimum of sklearn's LogisticRegression(C) objective (newton-cg, tol=1e-10, refined "
    'by Newton steps; max-abs gradient < 1e-7, see gradientCheck). Entropic\'s LogisticRegression / SoftmaxRegression'
    "({ l2: 1/(C*n), solver: 'lbfgs' }) fitted on X, y must reproduce coef and intercept to 1e-4 (multinomial "
    "intercepts after subtracting their mean). X is given exactly as fed to sklearn. sklearnLbfgs holds sklearn's "
    "solver='lbfgs' answer for reference (it stops early; not the target)."
)

if __name__ == '__main__':
    write_vectors('sklearn.json', ABOUT, [run(*c) for c in CASES])

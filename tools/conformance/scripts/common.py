"""Helpers shared by the reference-vector scripts: the repository's data sets, JSON writing."""
import json
import math
import os

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
VECTORS = os.path.join(ROOT, 'tools', 'conformance', 'vectors')


def load_csv(name):
    """A bundled data set of packages/data/datasets as (X float64 [n, d], y int [n])."""
    path = os.path.join(ROOT, 'packages', 'data', 'datasets', name)
    data = np.loadtxt(path, delimiter=',', skiprows=1)
    return data[:, :-1], data[:, -1].astype(np.int64)


def standardize(X):
    """(x - mean) / std with the population std (ddof = 0), as sklearn.json's cases."""
    return (X - X.mean(axis=0)) / X.std(axis=0)


def number(v):
    v = float(v)
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    return v


def tensor(a, dtype=None):
    a = np.asarray(a)
    out = {'shape': list(a.shape), 'data': [int(v) for v in a.ravel()] if dtype == 'int32' else [number(v) for v in a.ravel()]}
    if dtype == 'int32':
        out['dtype'] = 'int32'
    return out


def write(name, about, cases):
    path = os.path.join(VECTORS, name)
    with open(path, 'w') as f:
        f.write('{"about": ' + json.dumps(about) + ', "dtype": "float64", "cases": [\n')
        f.write(',\n'.join(json.dumps(c, allow_nan=False) for c in cases))
        f.write('\n]}\n')
    print(f'wrote {path}: {len(cases)} cases')

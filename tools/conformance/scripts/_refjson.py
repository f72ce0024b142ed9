"""The reference-vector file format (see tools/conformance/README.md), shared by the generators.

A tensor is {"shape": [...], "data": [...]} with data flat in row-major order, float64 unless it
carries "dtype": "int32"; non-finite numbers are the strings "NaN", "Infinity", "-Infinity".
Floats are written with Python's repr, which round-trips exactly (as JavaScript's does).
"""
import json
import math
import os
import sys

import numpy as np

VECTORS_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'vectors'))


def require_versions(**wanted):
    """Stops unless the installed libraries are the versions the committed vectors were made with
    (torch='1.13' means 1.13.x); ENTROPIC_REFS_ANY_VERSION=1 runs anyway."""
    import importlib
    for name, prefix in wanted.items():
        version = importlib.import_module(name).__version__
        if not version.startswith(prefix) and not os.environ.get('ENTROPIC_REFS_ANY_VERSION'):
            sys.exit(f'{name} {version} is installed, but these references are computed with {name} {prefix}.x '
                     '(Debian 12: apt-get install python3-torch python3-sklearn; run with /usr/bin/python3). '
                     'Set ENTROPIC_REFS_ANY_VERSION=1 to run anyway.')


def number(v):
    """A JSON number, or the string for a non-finite one."""
    v = float(v)
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    return v


def tensor_json(a, dtype=None):
    """A numpy array (or torch tensor, or number) as {shape, data[, dtype]}."""
    if hasattr(a, 'detach'):
        a = a.detach().cpu().numpy()
    a = np.asarray(a)
    if dtype == 'int32' or (dtype is None and a.dtype.kind in 'iu'):
        return {'shape': list(a.shape), 'data': [int(v) for v in a.ravel()], 'dtype': 'int32'}
    out = {'shape': list(a.shape), 'data': [number(v) for v in a.astype(np.float64).ravel()]}
    if dtype == 'float64':
        out['dtype'] = 'float64'
    return out


def write_vectors(file_name, about, cases):
    """Writes {about, dtype, cases} with one case per line, as the loaders and reviewers expect."""
    path = os.path.join(VECTORS_DIR, file_name)
    lines = [json.dumps(c, separators=(',', ':'), allow_nan=False, ensure_ascii=False) for c in cases]
    with open(path, 'w', encoding='utf-8') as f:
        f.write('{"about": ' + json.dumps(about, ensure_ascii=False) + ',\n"dtype": "float64",\n"cases": [\n')
        f.write(',\n'.join(lines))
        f.write('\n]}\n')
    print(f'wrote {path} ({len(cases)} cases)')

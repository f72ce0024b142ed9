"""The data sets @entropic/data ships, read from its CSV files and checked against scikit-learn's
bundled copies (the same float64 numbers), for the scikit-learn reference generators."""
import os

import numpy as np
from sklearn.datasets import load_breast_cancer, load_iris

DATASETS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'packages', 'data', 'datasets')
LOADERS = {'breast-cancer-wisconsin.csv': load_breast_cancer, 'iris.csv': load_iris}


def load_csv(file_name):
    """(X float64 [n, d], y int64 [n]) of a bundled data set."""
    table = np.loadtxt(os.path.join(DATASETS_DIR, file_name), delimiter=',', skiprows=1)
    X, y = table[:, :-1], table[:, -1].astype(np.int64)
    bunch = LOADERS[file_name]()
    assert np.array_equal(X, bunch.data) and np.array_equal(y, bunch.target), f'{file_name} differs from sklearn'
    return X, y


def standardize(X):
    """(x - mean) / std with the population std (ddof = 0), as sklearn.json's cases."""
    return (X - X.mean(axis=0)) / X.std(axis=0)

/**
 * The bundled real data sets, embedded as text (src/datasets/*-csv.ts, generated from
 * datasets/*.csv by scripts/embed-datasets.mjs), so they load in Node and in browsers alike.
 * Licence: CC BY 4.0 (see datasets/README.md).
 */
import { type Tensor, opt, parseOptions } from '@entropic/core';
import { type FloatDType, parseTable } from '../csv-table.js';
import { wrap } from '../tensors.js';
import { BREAST_CANCER_CSV } from './breast-cancer-wisconsin-csv.js';
import { IRIS_CSV } from './iris-csv.js';

/**
 * A bundled data set ({@link loadBreastCancer}, {@link loadIris}): features, class indices, names and a description.
 */
export interface BundledDataset {
  /** Features `[n, d]`, float64 unless `dtype` says otherwise. */
  X: Tensor;
  /** Class indices `[n]`, int32. */
  y: Tensor;
  /** Column names of the features, in X's column order. */
  featureNames: string[];
  /** Class names in index order: `targetNames[y[i]]` is sample i's class. */
  targetNames: string[];
  /** What the data are, the class encoding, source, licence and how to cite. */
  description: string;
}

/** Options of the bundled data set loaders. */
export interface LoadOptions {
  /** dtype of X (default `'float64'`: the exact values scikit-learn loads). */
  dtype?: FloatDType;
}

function load(fn: string, csv: string, opts: LoadOptions, targetNames: string[], description: string): BundledDataset {
  const { dtype } = parseOptions(fn, opts, { dtype: opt.oneOf(['float32', 'float64'] as const, { default: 'float64' }) });
  const t = parseTable(fn, csv, { target: 'target', dtype });
  return {
    X: wrap(t.X, [t.n, t.d]),
    y: wrap(t.y!, [t.n]),
    featureNames: t.featureNames,
    targetNames,
    description,
  };
}

/**
 * The description of the Breast Cancer Wisconsin (Diagnostic) data set: source, features, classes and licence.
 */
export const BREAST_CANCER_DESCRIPTION = `Breast Cancer Wisconsin (Diagnostic) data set

569 samples (212 malignant, 357 benign), 30 real-valued features computed from a digitized
image of a fine needle aspirate (FNA) of a breast mass: the mean, standard error and "worst"
(mean of the three largest values) of ten cell-nucleus measurements (radius, texture,
perimeter, area, smoothness, compactness, concavity, concave points, symmetry, fractal
dimension). Feature names as scikit-learn's feature_names.

Target encoding (scikit-learn's): 0 = malignant, 1 = benign. A model predicting P(y = 1)
therefore predicts P(benign).

Source: UCI Machine Learning Repository, "Breast Cancer Wisconsin (Diagnostic)",
https://doi.org/10.24432/C5DW2B. Creators: W. H. Wolberg, W. N. Street, O. L. Mangasarian
(University of Wisconsin), donated 1995. This copy is the one bundled with scikit-learn 1.2
(identical values).

References:
- W. N. Street, W. H. Wolberg, O. L. Mangasarian, "Nuclear feature extraction for breast tumor
  diagnosis", IS&T/SPIE 1993 International Symposium on Electronic Imaging, vol. 1905, 1993.
- O. L. Mangasarian, W. N. Street, W. H. Wolberg, "Breast cancer diagnosis and prognosis via
  linear programming", Operations Research 43(4), 570-577, 1995.

License: Creative Commons Attribution 4.0 International (CC BY 4.0). Attribute the creators and
the UCI Machine Learning Repository when redistributing.`;

/** The description of the Iris data set: source, features, classes and licence. */
export const IRIS_DESCRIPTION = `Iris plants data set (Fisher's Iris)

150 samples, 50 of each of three species, 4 features: sepal length, sepal width, petal length
and petal width, in cm.

Target encoding: 0 = setosa, 1 = versicolor, 2 = virginica (rows grouped by class).

Source: R. A. Fisher, "The use of multiple measurements in taxonomic problems", Annals of
Eugenics 7(2), 179-188, 1936; distributed by the UCI Machine Learning Repository, "Iris",
https://doi.org/10.24432/C56C76. This copy is scikit-learn 1.2's, which follows Fisher's paper:
it differs from the UCI file in sample 35 (petal width 0.2, not 0.1) and sample 38 (sepal width
3.6 and petal length 1.4, not 3.1 and 1.5).

License: Creative Commons Attribution 4.0 International (CC BY 4.0). Attribute R. A. Fisher and
the UCI Machine Learning Repository when redistributing.`;

/**
 * The Breast Cancer Wisconsin (Diagnostic) data set: X float64 `[569, 30]`, y int32 `[569]`
 * with **0 = malignant (212), 1 = benign (357)** (scikit-learn's encoding). CC BY 4.0, UCI
 * Machine Learning Repository, https://doi.org/10.24432/C5DW2B.
 */
export function loadBreastCancer(opts: LoadOptions = {}): BundledDataset {
  return load('loadBreastCancer', BREAST_CANCER_CSV, opts, ['malignant', 'benign'], BREAST_CANCER_DESCRIPTION);
}

/**
 * Fisher's Iris data set: X float64 `[150, 4]` (cm), y int32 `[150]` with 0 = setosa,
 * 1 = versicolor, 2 = virginica (50 each). CC BY 4.0, UCI Machine Learning Repository,
 * https://doi.org/10.24432/C56C76.
 */
export function loadIris(opts: LoadOptions = {}): BundledDataset {
  return load('loadIris', IRIS_CSV, opts, ['setosa', 'versicolor', 'virginica'], IRIS_DESCRIPTION);
}

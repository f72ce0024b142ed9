#!/usr/bin/env python3
"""Writes ../vectors/loss.json: values and input gradients of @entropic/loss's five losses, computed
with PyTorch 1.13's torch.nn.functional in float64.

Each case is a table entry: the function, its input and target, the options (API names; `weight`
and `posWeight` are tensors) and, for reduction 'none', the upstream gradient passed to
value.backward(gradOutput). The inputs are written out (the article's examples, edge cases, and
values drawn once with numpy); the values and gradients are what PyTorch computes from them.

Run: /usr/bin/python3 tools/conformance/scripts/loss.py   (or `pnpm refs` for every file)
"""
import numpy as np
import torch
import torch.nn.functional as F

from _refjson import require_versions, tensor_json, write_vectors

require_versions(torch='1.13', numpy='1.24')

NAN = float('nan')
INF = float('inf')


def L(shape, data):
    """Float64 values written out."""
    return np.array(data, dtype=np.float64).reshape(shape)


def I(shape, data):  # noqa: E743 — int32 class indices, written out
    return np.array(data, dtype=np.int32).reshape(shape)


CASES = []


def case(name, fn, input, target, opts, gradOutput=None, note=None):
    CASES.append({'name': name, 'fn': fn, 'note': note, 'input': input, 'target': target, 'opts': opts,
                  'gradOutput': gradOutput})


# Inputs that several cases share.
input_1x3 = L([1, 3], [-0.35667494393873245, -1.6094379124341003, -2.3025850929940455])
input_2x3 = L([2, 3], [-0.35667494393873245, -1.6094379124341003, -2.3025850929940455, -0.35667494393873245, -1.6094379124341003, -2.3025850929940455])
target_2 = I([2], [0, 2])
input_9 = L([9], [0.0024726231566347743, 0.01798620996209156, 0.11920292202211755, 0.2689414213699951, 0.5, 0.7310585786300049, 0.8807970779778825, 0.9820137900379085, 0.9975273768433653])
target_9 = L([9], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
target_9_2 = L([9], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
input_9_2 = L([9], [-6.0, -4.0, -2.0, -1.0, 0.0, 1.0, 2.0, 4.0, 6.0])
input_5x4 = L([5, 4], [0.34233826966996256, -0.4793076886044455, -1.2582118448483692, -1.030733244696597, -1.786948783368842, -0.8601359111800299, -1.1474069142901853, -1.42769414845864, 0.20437169843163094, -0.8360285100515424, 0.7181554095862857, 1.2616261226157965, 0.40979165085820674, 1.1657571648243532, 1.1344502828612386, 0.13335115575327297, 1.40397856641987, -0.07563731859113525, 0.18347080580244732, -0.0032324148380642238])
target_5 = I([5], [3, 0, 0, 0, 0])
weight_4 = L([4], [0.5, 2.0, 1.0, 0.25])
target_5_2 = I([5], [3, -100, 0, -100, 0])
target_5_3 = I([5], [2, 0, 2, 1, 3])
target_5_4 = I([5], [-100, -100, -100, -100, -100])
input_4x3 = L([4, 3], [1.910753553465271, 0.43591667960003344, -0.8808334352296954, -2.0336327177905917, 1.1282770159188138, -0.532283421877229, -0.6694378416729811, 0.48819367235054545, -0.0781730032675602, 0.997292714717456, 0.13446149744689062, 0.37762702262379805])
target_4x3 = L([4, 3], [0.1782311468238487, 0.6475912623564585, 0.17417759081969278, 0.3002238736949782, 0.2441765108197051, 0.45559961548531674, 0.11349777319208337, 0.7323658466275694, 0.1541363801803471, 0.3918733301175354, 0.2140855088997946, 0.3940411609826701])
input_2x3x4 = L([2, 3, 4], [-0.9924732317940602, -0.7433217027015251, 1.3099267612757899, -0.5596563610459654, 0.4121026990720791, -1.5880434622717639, -1.1196226521469959, 0.5904334310133245, -0.16047925765220078, -0.41327586420497325, 1.665433658440666, -0.8641364652107482, -0.5200067904598578, 0.059696503776018754, 0.46764467069905385, 0.6084310334935638, 0.3815937692437792, 0.4197842359792911, -0.3864744613300907, -0.543728036477301, 0.2592707061027906, -1.323668156438947, 0.9282140726431407, 0.6130964683888527])
target_2x4 = I([2, 4], [2, 0, 2, 0, 2, 2, 0, 0])
input_6x4 = L([6, 4], [-2.270530509333522, -1.697330361110252, -1.3001991577864898, -0.8184990490367906, -2.2303211695912317, -3.6588063411966867, -0.22122203258899845, -2.7302320167685736, -1.2914477570425036, -1.8395380593991968, -1.6822569771088742, -0.9668399927697767, -2.4833657468503314, -4.259063446034128, -0.3981999410154696, -1.4658793779721502, -1.1401447297755674, -3.1311320090165387, -1.1255686914877903, -1.1644603609563224, -1.8676382965571054, -2.5103268925253412, -0.32099562824094857, -3.248206451273869])
target_6 = I([6], [0, 1, 3, 1, 1, 0])
input_3x4 = L([3, 4], [0.6717764070597914, 0.5117246897617258, 0.734844155880362, 0.194075867407843, 0.8870951150398083, 0.9282223407265614, 0.29029204938170533, 0.5383292284344302, 0.3122953207457632, 0.548359315538698, 0.44104583409018855, 0.0916201042550524])
target_3x4 = L([3, 4], [0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0])
input_7 = L([7], [0.0, 1.0, 0.0, 1.0, 0.5, 0.0, 1.0])
target_7 = L([7], [0.0, 0.0, 1.0, 1.0, 1.0, 0.5, 0.5])
input_3x4_2 = L([3, 4], [2.4649306763113596, -0.29264734155931016, -0.8119619850729599, -0.15520673748678737, -0.8693751390239254, 1.015264827936143, 1.6673917308797355, -2.687677154289435, -2.8814749904395747, -2.306487066641286, -1.312008832270953, 0.9018829323912225])
target_3x4_2 = L([3, 4], [1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0])
input_8 = L([8], [-100.0, -100.0, 100.0, 100.0, -10000.0, -10000.0, 10000.0, 10000.0])
target_8 = L([8], [0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
input_3x4_3 = L([3, 4], [1.634969349678569, -0.8054955216992872, -0.3655113973152464, -1.0133310864633576, 1.1560375370543128, 1.3453303842173001, 0.19642898050778684, 0.6870749492328806, -1.1830545266073227, -1.5881853507313892, -1.5865675241511499, -0.06459414481961762])
target_3x4_3 = L([3, 4], [-0.6350795246298603, -1.9314389512659875, -0.8981049287493539, -0.5504128339030749, 0.24852934204310997, 0.6215188210623553, -0.5527312592760644, 1.3088036611794738, 0.3818205386571188, -0.369115253912039, 0.35663072636107535, -0.24941774806640676])

# The cases.
case('nllLoss_article_minus_log_0_7', 'nllLoss', input_1x3, I([1], [0]), {}, note="the article's three-class example: true class has p = 0.7, loss = -log(0.7)")
case('nllLoss_article_minus_log_0_1', 'nllLoss', input_1x3, I([1], [2]), {}, note="the article's three-class example: true class has p = 0.1, loss = -log(0.1); float64 0.1 is not exactly 1/10, so this is 2.3025850929940455, one ulp below ln(10) = 2.302585092994046")
case('nllLoss_article_both_none', 'nllLoss', input_2x3, target_2, {'reduction': 'none'}, gradOutput=L([2], [1.215408162057621, -1.2955735712157117]))
case('crossEntropy_article_onehot_prob_target', 'crossEntropy', input_1x3, L([1, 3], [1.0, 0.0, 0.0]), {}, note='probability (one-hot) target on logits log([0.7,0.2,0.1]); logSoftmax(log p) = log p, so -log(0.7) up to rounding')
case('crossEntropy_article_onehot_prob_target_class2', 'crossEntropy', input_1x3, L([1, 3], [0.0, 0.0, 1.0]), {})
case('crossEntropy_article_index_target', 'crossEntropy', input_2x3, target_2, {'reduction': 'none'}, gradOutput=L([2], [0.8203896032126184, 0.8674399791734169]))
case('binaryCrossEntropy_article_curve_y1', 'binaryCrossEntropy', input_9, target_9, {'reduction': 'none'}, gradOutput=L([9], [0.45094682107320144, 0.6885456552696072, -0.2186590323746389, 0.7680179875306749, -0.03197944031292938, -1.189500661764833, 0.4548605276626972, 0.5843511655939126, 0.7726779404226064]), note="the article's -log(h) curve for y = 1, h = sigmoid(z) at z = -6..6")
case('binaryCrossEntropy_article_curve_y0', 'binaryCrossEntropy', input_9, target_9_2, {'reduction': 'none'}, gradOutput=L([9], [-0.6405889536481759, 0.7584684910855557, 0.4779235743831309, -0.24374951932134234, 1.0404954078766635, 1.1920716759875507, 0.5698348147186554, 0.8350889473912342, -0.11873434383811736]), note="the article's -log(1 - h) curve for y = 0, h = sigmoid(z) at z = -6..6")
case('binaryCrossEntropyWithLogits_article_curve_y1', 'binaryCrossEntropyWithLogits', input_9_2, target_9, {'reduction': 'none'}, gradOutput=L([9], [-0.8947930344732505, -0.6795571772837643, 0.015255282731024108, -0.05690326286349004, -0.8747090704728092, -2.7168289913317776, -0.5897164225780456, 0.7385500543861896, 0.6142932075583741]))
case('binaryCrossEntropyWithLogits_article_curve_y0', 'binaryCrossEntropyWithLogits', input_9_2, target_9_2, {'reduction': 'none'}, gradOutput=L([9], [-1.126683439436548, 0.926972690285982, 1.7169665299648238, -1.3058335222461686, 0.11127581921667648, -0.28531257790983333, -0.5615361067540255, 0.3976100672507895, -0.27726066071513555]))
case('crossEntropy_index_mean', 'crossEntropy', input_5x4, target_5, {'reduction': 'mean'})
case('crossEntropy_index_sum', 'crossEntropy', input_5x4, target_5, {'reduction': 'sum'})
case('crossEntropy_index_none', 'crossEntropy', input_5x4, target_5, {'reduction': 'none'}, gradOutput=L([5], [1.4432698470757814, -0.2910990226812234, -0.5069960450689182, -0.6983879024427481, 0.5704497404598615]))
case('crossEntropy_weight_mean', 'crossEntropy', input_5x4, target_5, {'weight': weight_4, 'reduction': 'mean'}, note="weighted mean divides by the sum of the targets' weights")
case('crossEntropy_weight_sum', 'crossEntropy', input_5x4, target_5, {'weight': weight_4, 'reduction': 'sum'})
case('crossEntropy_weight_none', 'crossEntropy', input_5x4, target_5, {'weight': weight_4, 'reduction': 'none'}, gradOutput=L([5], [-0.1093750951682143, -0.7967444345845586, 0.47483169703400785, 1.5265824075816457, 0.17479515229459275]))
case('crossEntropy_ignore_default_minus100_mean', 'crossEntropy', input_5x4, target_5_2, {}, note='default ignoreIndex is -100; mean over non-ignored')
case('crossEntropy_ignore_default_minus100_none', 'crossEntropy', input_5x4, target_5_2, {'reduction': 'none'}, gradOutput=L([5], [-1.1974296456360087, -0.288666578714147, 0.32489244057285566, 0.2528853328217398, 0.6584058690878637]), note='ignored entries are 0')
case('crossEntropy_ignoreIndex_2_mean', 'crossEntropy', input_5x4, target_5_3, {'ignoreIndex': 2})
case('crossEntropy_ignoreIndex_2_weight_mean', 'crossEntropy', input_5x4, target_5_3, {'ignoreIndex': 2, 'weight': weight_4})
case('crossEntropy_ignoreIndex_2_sum', 'crossEntropy', input_5x4, target_5_3, {'ignoreIndex': 2, 'reduction': 'sum'})
case('crossEntropy_all_ignored_mean_is_NaN', 'crossEntropy', input_5x4, target_5_4, {}, note='PyTorch: mean over zero non-ignored targets is 0/0 = NaN; the gradient is all zeros')
case('crossEntropy_all_ignored_sum_is_0', 'crossEntropy', input_5x4, target_5_4, {'reduction': 'sum'})
case('crossEntropy_labelSmoothing_0_1_mean', 'crossEntropy', input_5x4, target_5, {'labelSmoothing': 0.1})
case('crossEntropy_labelSmoothing_0_2_sum', 'crossEntropy', input_5x4, target_5, {'labelSmoothing': 0.2, 'reduction': 'sum'})
case('crossEntropy_labelSmoothing_0_1_none', 'crossEntropy', input_5x4, target_5, {'labelSmoothing': 0.1, 'reduction': 'none'}, gradOutput=L([5], [0.09841060954385508, -0.46327102661552133, 0.6574688882441997, -0.5018459592646424, -0.21681569437663675]))
case('crossEntropy_labelSmoothing_weight_mean', 'crossEntropy', input_5x4, target_5, {'labelSmoothing': 0.15, 'weight': weight_4}, note="PyTorch: (1-eps)*weighted nll + eps*sum_c(w_c * -logp_c)/C, both divided by the sum of the targets' weights")
case('crossEntropy_labelSmoothing_ignore_mean', 'crossEntropy', input_5x4, target_5_2, {'labelSmoothing': 0.1})
case('crossEntropy_prob_target_mean', 'crossEntropy', input_4x3, target_4x3, {'reduction': 'mean'})
case('crossEntropy_prob_target_sum', 'crossEntropy', input_4x3, target_4x3, {'reduction': 'sum'})
case('crossEntropy_prob_target_none', 'crossEntropy', input_4x3, target_4x3, {'reduction': 'none'}, gradOutput=L([4], [0.41373308925096197, 0.07849253732370215, 0.025636104082844075, -0.8571119459840334]))
case('crossEntropy_prob_target_weight_mean', 'crossEntropy', input_4x3, target_4x3, {'weight': L([3], [1.0, 3.0, 0.5])}, note='with probability targets the mean divides by N (not by a weight sum)')
case('crossEntropy_prob_target_labelSmoothing', 'crossEntropy', input_4x3, target_4x3, {'labelSmoothing': 0.2}, note='target becomes t*(1-eps) + eps/C')
case('crossEntropy_onehot_prob_target_equals_index', 'crossEntropy', input_4x3, L([4, 3], [0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0]), {})
case('crossEntropy_kdim_N2_C3_d4_mean', 'crossEntropy', input_2x3x4, target_2x4, {})
case('crossEntropy_kdim_N2_C3_d4_none', 'crossEntropy', input_2x3x4, target_2x4, {'reduction': 'none'}, gradOutput=L([2, 4], [0.547440013798483, 0.912787681056941, -1.4581503147090316, -1.5878677967847297, 0.5252419040368335, -0.28427858019756946, 0.18952021240802946, 0.34363655625995054]))
case('crossEntropy_kdim_weight_ignore_mean', 'crossEntropy', input_2x3x4, I([2, 4], [2, -100, 2, 0, 2, 2, 0, -100]), {'weight': L([3], [1.0, 0.5, 2.0])})
case('crossEntropy_kdim_prob_target', 'crossEntropy', input_2x3x4, L([2, 3, 4], [0.3083462683828719, 0.023911852317061406, 0.3009220463786577, 0.15380971810507207, 0.5751179250619127, 0.7097669872390605, 0.29783399770386415, 0.7214421174242025, 0.11653580655521541, 0.2663211604438781, 0.40124395591747825, 0.12474816447072537, 0.14005781543767779, 0.5006643309159483, 0.5686268411194191, 0.08327140534505938, 0.35413792907491354, 0.19701473977802209, 0.14838733974873802, 0.11305995601815391, 0.5058042554874087, 0.3023209293060296, 0.2829858191318429, 0.8036686386367867]), {})
case('crossEntropy_kdim_labelSmoothing_sum', 'crossEntropy', input_2x3x4, target_2x4, {'labelSmoothing': 0.1, 'reduction': 'sum'})
case('crossEntropy_large_logits_1e3', 'crossEntropy', L([2, 3], [1000.0, 0.0, -1000.0, 500.0, 501.0, 499.0]), I([2], [2, 1]), {}, note='must not overflow: loss 2000 for the first row')
case('crossEntropy_single_sample', 'crossEntropy', L([1, 5], [2.14435029251122, -0.7125514241776765, 0.7912030093344579, -0.2466964245417683, -0.7339795948256408]), I([1], [3]), {})
case('nllLoss_mean', 'nllLoss', input_6x4, target_6, {'reduction': 'mean'})
case('nllLoss_sum', 'nllLoss', input_6x4, target_6, {'reduction': 'sum'})
case('nllLoss_none', 'nllLoss', input_6x4, target_6, {'reduction': 'none'}, gradOutput=L([6], [-0.4799235160837531, 0.535392540457098, 0.1702137281171187, -1.3857834233162718, 1.7346285039352436, -0.5689860260274303]))
case('nllLoss_weight_mean', 'nllLoss', input_6x4, target_6, {'weight': L([4], [1.0, 2.0, 0.5, 1.5])})
case('nllLoss_ignoreIndex_1_mean', 'nllLoss', input_6x4, I([6], [1, 1, 3, 1, 1, 0]), {'ignoreIndex': 1})
case('nllLoss_kdim_mean', 'nllLoss', L([2, 3, 2], [-0.6645168570030273, -0.6671146899941759, -1.8507075110450435, -1.5084325731927395, -1.1136691179979363, -1.3259282476242262, -0.9644616389909668, -1.4436868062430643, -3.9714437446213693, -0.6755333366945305, -0.5108832351550702, -1.3662596093817716]), I([2, 2], [1, 1, 0, 2]), {})
case('nllLoss_all_ignored_mean_is_NaN', 'nllLoss', L([2, 4], [-2.270530509333522, -1.697330361110252, -1.3001991577864898, -0.8184990490367906, -2.2303211695912317, -3.6588063411966867, -0.22122203258899845, -2.7302320167685736]), I([2], [-100, -100]), {}, note='PyTorch: NaN value, zero gradient')
case('binaryCrossEntropy_mean', 'binaryCrossEntropy', input_3x4, target_3x4, {'reduction': 'mean'})
case('binaryCrossEntropy_sum', 'binaryCrossEntropy', input_3x4, target_3x4, {'reduction': 'sum'})
case('binaryCrossEntropy_none', 'binaryCrossEntropy', input_3x4, target_3x4, {'reduction': 'none'}, gradOutput=L([3, 4], [0.3910016542280372, 0.5346615009370288, -0.9630128072852199, 0.8248996798392231, -0.34458767656713435, 1.8045269984439565, -0.752589397301421, 1.08890197229904, 0.7147994255032973, 0.1852148509910187, 1.7583488789815456, -1.8159582984649099]))
case('binaryCrossEntropy_probs_exactly_0_and_1_none', 'binaryCrossEntropy', input_7, target_7, {'reduction': 'none'}, gradOutput=L([7], [1.5045562139285737, -1.0573407334272462, 1.1508655444206122, 1.8249083619069315, 0.2915424350650921, 0.5372447764064188, -0.592584304896199]), note='PyTorch clamps each log at -100 (loss 100 when p=0,y=1); the gradient is (p - y) / max(p(1-p), 1e-12), so +-1e12 at p in {0,1}')
case('binaryCrossEntropy_probs_exactly_0_and_1_mean', 'binaryCrossEntropy', input_7, target_7, {})
case('binaryCrossEntropy_weight_broadcast', 'binaryCrossEntropy', input_3x4, target_3x4, {'weight': L([4], [1.0, 0.5, 2.0, 0.0])}, note='weight [4] broadcast against input [3,4]')
case('binaryCrossEntropy_soft_targets', 'binaryCrossEntropy', L([6], [0.13648042904823285, 0.49604677156799704, 0.5729303261471805, 0.9580956764715848, 0.33348783450038205, 0.21776941648176537]), L([6], [0.50704509250977, 0.4717884554121533, 0.9735188946180511, 0.21378437817903262, 0.3952362447598986, 0.5101633435328655]), {})
case('binaryCrossEntropyWithLogits_mean', 'binaryCrossEntropyWithLogits', input_3x4_2, target_3x4_2, {'reduction': 'mean'})
case('binaryCrossEntropyWithLogits_sum', 'binaryCrossEntropyWithLogits', input_3x4_2, target_3x4_2, {'reduction': 'sum'})
case('binaryCrossEntropyWithLogits_none', 'binaryCrossEntropyWithLogits', input_3x4_2, target_3x4_2, {'reduction': 'none'}, gradOutput=L([3, 4], [1.0239089652882138, -0.6303645652272563, -0.796814434359944, -1.7764249938049939, 0.9344726377002667, -0.6269408346708164, 1.0490625248566319, -0.4483802517213982, 0.805945929138298, -1.080000022546686, -0.549715348181608, 0.740558309608178]))
case('binaryCrossEntropyWithLogits_extreme_logits_none', 'binaryCrossEntropyWithLogits', input_8, target_8, {'reduction': 'none'}, gradOutput=L([8], [-0.1275664206361121, -1.225273423394355, 1.1200801309565884, 0.4013125347669159, 0.6246279128217348, 1.054408751328403, 0.5003806990585463, -0.9744813526885655]), note='stable form: finite everywhere; loss 100 / 1e4 where the sign is wrong, 0 where it is right (the exact 3.7e-44 rounds away)')
case('binaryCrossEntropyWithLogits_extreme_logits_mean', 'binaryCrossEntropyWithLogits', input_8, target_8, {})
case('binaryCrossEntropyWithLogits_posWeight_broadcast', 'binaryCrossEntropyWithLogits', input_3x4_2, target_3x4_2, {'posWeight': L([4], [1.0, 2.0, 0.5, 3.0])}, note='posWeight [C] broadcast against [N, C]')
case('binaryCrossEntropyWithLogits_weight_and_posWeight_sum', 'binaryCrossEntropyWithLogits', input_3x4_2, target_3x4_2, {'weight': L([3, 1], [0.5, 1.0, 2.0]), 'posWeight': L([4], [2.0, 1.0, 1.0, 0.25]), 'reduction': 'sum'})
case('binaryCrossEntropyWithLogits_soft_targets', 'binaryCrossEntropyWithLogits', L([5], [-1.3238285944184767, 0.19941215797343267, -1.360824459731157, 0.36559479548540624, -0.08847736024086751]), L([5], [0.6198966336374635, 0.12981921264005503, 0.44260191700190765, 0.06210185097269871, 0.2782916331495826]), {})
case('mseLoss_mean', 'mseLoss', input_3x4_3, target_3x4_3, {'reduction': 'mean'})
case('mseLoss_sum', 'mseLoss', input_3x4_3, target_3x4_3, {'reduction': 'sum'})
case('mseLoss_none', 'mseLoss', input_3x4_3, target_3x4_3, {'reduction': 'none'}, gradOutput=L([3, 4], [-0.33439210959550514, 0.5769178620765216, 0.22010276819325675, -0.9428657535500061, 1.944579372715201, -0.5087794934584942, -1.0760844179411484, 0.7254958886983026, 0.7555475081243251, 0.4953501911717456, 0.305935709461746, -0.5353696563746837]))
case('mseLoss_3d', 'mseLoss', L([2, 2, 3], [0.05573279050291687, -1.775913613841559, 0.07089773783900379, 0.4348372738296825, 0.8329356128431059, 1.5737093385114742, 0.8123919549005779, 0.25269488011862246, 0.9540338215250435, -0.7339745978001505, -0.39727353509091506, 0.6162613384890067]), L([2, 2, 3], [0.4554316050202082, -1.3815462500481328, 0.8270934916425896, -0.09710438486968441, 1.5175625740042455, -1.9149776823855948, 2.2439948905484486, -0.835286354491822, -1.4241115537424953, -0.7494643176597696, -1.1971065401947272, -0.8999390787229531]), {})


# ---- evaluation with PyTorch -------------------------------------------------------------------
def _t(a):
    return None if a is None else torch.tensor(a, dtype=torch.float64)


def _target(a):
    return torch.tensor(a, dtype=torch.int64) if a.dtype == np.int32 else torch.tensor(a, dtype=torch.float64)


FUNCTIONS = {
    'binaryCrossEntropy': lambda x, t, o: F.binary_cross_entropy(
        x, t, weight=_t(o.get('weight')), reduction=o.get('reduction', 'mean')),
    'binaryCrossEntropyWithLogits': lambda x, t, o: F.binary_cross_entropy_with_logits(
        x, t, weight=_t(o.get('weight')), pos_weight=_t(o.get('posWeight')), reduction=o.get('reduction', 'mean')),
    'crossEntropy': lambda x, t, o: F.cross_entropy(
        x, t, weight=_t(o.get('weight')), ignore_index=o.get('ignoreIndex', -100),
        reduction=o.get('reduction', 'mean'), label_smoothing=o.get('labelSmoothing', 0.0)),
    'nllLoss': lambda x, t, o: F.nll_loss(
        x, t, weight=_t(o.get('weight')), ignore_index=o.get('ignoreIndex', -100), reduction=o.get('reduction', 'mean')),
    'mseLoss': lambda x, t, o: F.mse_loss(x, t, reduction=o.get('reduction', 'mean')),
}


def run(spec):
    x = torch.tensor(spec['input'], dtype=torch.float64, requires_grad=True)
    value = FUNCTIONS[spec['fn']](x, _target(spec['target']), spec['opts'])
    if spec['gradOutput'] is not None:
        value.backward(_t(spec['gradOutput']))
    else:
        value.backward()
    out = {'name': spec['name'], 'fn': spec['fn']}
    if spec['note']:
        out['note'] = spec['note']
    out['input'] = tensor_json(spec['input'])
    t = spec['target']
    out['target'] = tensor_json(t, 'int32' if t.dtype == np.int32 else 'float64')
    out['opts'] = {k: tensor_json(v) if isinstance(v, np.ndarray) else v for k, v in spec['opts'].items()}
    out['value'] = tensor_json(value)
    if spec['gradOutput'] is not None:
        out['gradOutput'] = tensor_json(spec['gradOutput'])
    out['gradInput'] = tensor_json(x.grad)
    return out


ABOUT = (
    'Loss reference values for @entropic/loss, computed with PyTorch 1.13 torch.nn.functional losses in float64 '
    '(binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy, nll_loss, mse_loss). opts use API.md '
    'names; weight/posWeight are tensors {shape, data}. gradInput = d value / d input; for reduction \'none\' it is '
    'the gradient of sum(value * gradOutput) (value.backward(gradOutput)).'
)

if __name__ == '__main__':
    write_vectors('loss.json', ABOUT, [run(c) for c in CASES])

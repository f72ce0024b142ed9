#!/usr/bin/env python3
"""Writes ../vectors/loss-family.json: values and input gradients of the cross-entropy family's
relatives in @entropic/loss (KL divergence, focal, margin, robust-regression and likelihood losses),
computed with PyTorch 1.13's torch.nn.functional in float64 (sigmoidFocalLoss: torchvision's formula).

Each case is a table entry: the function, its input and target, `extra` tensors passed between the
target and the options (gaussianNllLoss's variance), the options (API names; `weight` is a tensor)
and, for reduction 'none', the upstream gradient passed to value.backward(gradOutput). The inputs
are written out (edge cases and values drawn once with numpy); the values and gradients are what
PyTorch computes from them.

Run: /usr/bin/python3 tools/conformance/scripts/loss_family.py   (or `pnpm refs` for every file)
"""
import warnings

import numpy as np
import torch
import torch.nn.functional as F

from _refjson import require_versions, tensor_json, write_vectors

require_versions(torch='1.13', numpy='1.24')
# klDiv's reduction 'mean' is one of the cases; PyTorch warns that it differs from 'batchmean'.
warnings.filterwarnings('ignore', message='reduction: .mean. divides the total loss')

NAN = float('nan')
INF = float('inf')


def L(shape, data):
    """Float64 values written out."""
    return np.array(data, dtype=np.float64).reshape(shape)


def I(shape, data):  # noqa: E743 — int32 class indices, written out
    return np.array(data, dtype=np.int32).reshape(shape)


CASES = []


def case(name, fn, input, target, opts, extra=None, gradOutput=None, note=None):
    CASES.append({'name': name, 'fn': fn, 'note': note, 'input': input, 'target': target, 'extra': extra or [],
                  'opts': opts, 'gradOutput': gradOutput})


# Inputs that several cases share.
input_4x3 = L([4, 3], [-1.1332718899721788, -0.8357565058211913, -1.4086398986918787, -1.2384525707767349, -0.8025315171911833, -1.3395072870159233, -1.6433547597626101, -0.36328311680551506, -2.195704880911378, -1.9010258537619296, -0.7907089037567909, -0.9236639457819285])
target_4x3 = L([4, 3], [0.44864760969934936, 0.15923091627462174, 0.3921214740260289, 0.6916560610034909, 0.08997852841017154, 0.21836541058633768, 0.25609323603135375, 0.47211687971075145, 0.2717898842578949, 0.33163094521754716, 0.1181160232717304, 0.5502530315107224])
input_4x3_2 = L([4, 3], [-0.0650434098910412, 1.7687797347663479, -1.167200865486604, -0.22340389916831926, 0.22092828649896118, 0.12756354851012391, -2.450111652835387, 0.1522804607540162, 2.717646843483075, -3.0942893562569647, 1.7187653760431965, 0.23870805139316248])
target_4x3_2 = L([4, 3], [-0.0650434098910412, 4.000833092684846, 1.5245194241694235, -2.3985778042104466, 0.14903245754292685, 1.1533791673403706, -0.3775642507014986, 1.365820534390412, -0.13303464029883114, 1.3344951216686558, 2.877045183312304, -1.3513245020113056])
target_4x3_3 = L([4, 3], [1.0, 1.0, -1.0, -1.0, -1.0, -1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0])
target_4 = I([4], [0, 1, 1, 0])
target_4x3_4 = L([4, 3], [0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0])
input_4x3_3 = L([4, 3], [-0.0325217049455206, 0.8843898673831739, -0.583600432743302, -0.11170194958415963, 0.11046414324948059, 0.06378177425506196, -1.2250558264176934, 0.0761402303770081, 1.3588234217415376, -1.5471446781284823, 0.8593826880215982, 0.11935402569658124])
target_4x3_5 = L([4, 3], [3.0, 1.0, 3.0, 5.0, 5.0, 3.0, 1.0, 4.0, 2.0, 4.0, 7.0, 4.0])
var_4x3 = L([4, 3], [1.4039912133232564, 1.654641495658005, 2.8626269476291792, 0.9027978906613228, 2.4569096123339045, 2.0941193599960615, 2.207840531987144, 1.9629421119525698, 2.920369983692424, 1.1315080857917095, 1.3151715671022375, 0.7681529061978454])
input_4x3_4 = L([4, 3], [-0.1951302296731236, 5.306339204299044, -3.501602596459812, -0.6702116975049578, 0.6627848594968835, 0.38269064553037174, -7.35033495850616, 0.45684138226204857, 8.152940530449225, -9.282868068770894, 5.15629612812959, 0.7161241541794874])
target_4x3_6 = L([4, 3], [1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
input_2x5 = L([2, 5], [-1.566988041115906, -1.472102278268456, -2.2958555950066506, -1.0887599595641448, -2.0828414720483823, -1.9174500255909939, -2.8828076092757464, -2.9906495773024284, -0.4390149617942106, -2.2816515216327087])
target_2x5 = L([2, 5], [0.24661330351144567, 0.17810098945356, 0.11850983796041036, 0.11085025210142611, 0.34592561697315777, 0.09432435359004061, 0.10963573483995903, 0.13042894223854973, 0.4136893532107493, 0.25192161612070146])
input_2x5_2 = L([2, 5], [-0.9112353013222655, 3.029945965329435, -2.4931861165714166, 1.723446153987298, 0.987864158061517, 1.7472382270490048, 3.7580166141934743, 2.968890946757298, -2.29035381437865, -3.377343160535714])
target_2x5_2 = L([2, 5], [-0.9112353013222655, -2.030024831751846, -0.0248107772950266, 1.679454954010388, -3.2875947023711722, -4.219960908618957, 0.518598040674454, 0.08877177922659409, -0.49160614276384507, 0.07706952754043632])
target_2x5_3 = L([2, 5], [-1.0, 1.0, 1.0, 1.0, -1.0, 1.0, 1.0, 1.0, 1.0, -1.0])
target_2 = I([2], [0, 3])
target_2x5_4 = L([2, 5], [1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0])
input_2x5_3 = L([2, 5], [-0.45561765066113274, 1.5149729826647176, -1.2465930582857083, 0.861723076993649, 0.4939320790307585, 0.8736191135245024, 1.8790083070967372, 1.484445473378649, -1.145176907189325, -1.688671580267857])
target_2x5_5 = L([2, 5], [2.0, 1.0, 3.0, 2.0, 1.0, 4.0, 3.0, 3.0, 3.0, 3.0])
var_2x5 = L([2, 5], [1.701136118662242, 2.295328376114174, 2.7104428461257024, 0.5520762490956737, 0.7159565960261904, 2.4387035198868, 2.0046605444657293, 2.2187238170679366, 2.9909592620876784, 2.8297038843344673])
input_2x5_4 = L([2, 5], [-2.7337059039667966, 9.089837895988305, -7.4795583497142495, 5.170338461961894, 2.963592474184551, 5.241714681147014, 11.274049842580423, 8.906672840271893, -6.87106144313595, -10.132029481607141])
target_2x5_6 = L([2, 5], [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0])

# The cases.
case('klDiv_4x3_mean', 'klDiv', input_4x3, target_4x3, {'reduction': 'mean'})
case('klDiv_4x3_batchmean', 'klDiv', input_4x3, target_4x3, {'reduction': 'batchmean'})
case('klDiv_4x3_sum', 'klDiv', input_4x3, target_4x3, {'reduction': 'sum'})
case('klDiv_4x3_none', 'klDiv', input_4x3, target_4x3, {'reduction': 'none'}, gradOutput=L([4, 3], [0.15675108662422516, -0.18693094462995438, -2.516759710820513, -0.5386928958466366, -0.048500945401071985, 0.11330898600330756, -1.5301357655053935, -0.47775327603393064, -0.9785190780566395, -0.8088372394255993, 1.0608986233860787, -0.8075346753318965]))
case('klDiv_4x3_zero_target', 'klDiv', input_4x3, L([4, 3], [0.0, 0.15923091627462174, 0.3921214740260289, 0.6916560610034909, 0.08997852841017154, 0.21836541058633768, 0.25609323603135375, 0.47211687971075145, 0.2717898842578949, 0.33163094521754716, 0.1181160232717304, 0.5502530315107224]), {'reduction': 'batchmean'}, note='0 * log 0 = 0')
case('klDiv_4x3_logTarget', 'klDiv', input_4x3, L([4, 3], [-0.8015175330147741, -1.8373998267208773, -0.9361836044759461, -0.3686664685919361, -2.408184210335306, -1.5215854240904418, -1.3622136975610029, -0.7505286975451351, -1.302725995551891, -1.1037325391536905, -2.1360878895227127, -0.5973770492573077]), {'reduction': 'batchmean', 'logTarget': True})
case('l1_4x3_mean', 'l1Loss', input_4x3_2, target_4x3_2, {'reduction': 'mean'})
case('smoothL1_4x3_beta1.0_mean', 'smoothL1Loss', input_4x3_2, target_4x3_2, {'reduction': 'mean', 'beta': 1.0})
case('smoothL1_4x3_beta0.5_mean', 'smoothL1Loss', input_4x3_2, target_4x3_2, {'reduction': 'mean', 'beta': 0.5})
case('smoothL1_4x3_beta0.0_mean', 'smoothL1Loss', input_4x3_2, target_4x3_2, {'reduction': 'mean', 'beta': 0.0})
case('huber_4x3_delta1.0_mean', 'huberLoss', input_4x3_2, target_4x3_2, {'reduction': 'mean', 'delta': 1.0})
case('huber_4x3_delta2.5_mean', 'huberLoss', input_4x3_2, target_4x3_2, {'reduction': 'mean', 'delta': 2.5})
case('softMargin_4x3_mean', 'softMarginLoss', input_4x3_2, target_4x3_3, {'reduction': 'mean'})
case('softMargin_4x3_large', 'softMarginLoss', L([4, 3], [-2.6017363956416477, 70.75118939065392, -46.68803461946416, -8.93615596673277, 8.837131459958448, 5.102541940404956, -98.00446611341548, 6.091218430160648, 108.70587373932301, -123.77157425027859, 68.75061504172785, 9.5483220557265]), target_4x3_3, {'reduction': 'sum'}, note='margins of +-100: stable')
case('multiMargin_4x3_p1_m1.0_mean', 'multiMarginLoss', input_4x3_2, target_4, {'reduction': 'mean', 'p': 1, 'margin': 1.0})
case('multiMargin_4x3_p2_m0.5_mean', 'multiMarginLoss', input_4x3_2, target_4, {'reduction': 'mean', 'p': 2, 'margin': 0.5})
case('multiMargin_4x3_weight', 'multiMarginLoss', input_4x3_2, target_4, {'weight': L([3], [1.7676114813118293, 1.9174222567174692, 1.8558751822938901])})
case('multilabelSoftMargin_4x3_mean', 'multilabelSoftMarginLoss', input_4x3_2, target_4x3_4, {'reduction': 'mean'})
case('multilabelSoftMargin_4x3_weight', 'multilabelSoftMarginLoss', input_4x3_2, target_4x3_4, {'weight': L([3], [0.5570859300368587, 1.8143282121639066, 1.2015953252211442])})
case('poissonNll_4x3_log_mean', 'poissonNllLoss', input_4x3_3, target_4x3_5, {'reduction': 'mean'})
case('poissonNll_4x3_log_full', 'poissonNllLoss', input_4x3_3, target_4x3_5, {'full': True}, note='Stirling term where target > 1')
case('poissonNll_4x3_rate', 'poissonNllLoss', L([4, 3], [0.16504340989104122, 1.868779734766348, 1.267200865486604, 0.32340389916831924, 0.3209282864989612, 0.22756354851012392, 2.550111652835387, 0.2522804607540162, 2.8176468434830753, 3.1942893562569648, 1.8187653760431965, 0.3387080513931625]), target_4x3_5, {'logInput': False})
case('gaussianNll_4x3_mean', 'gaussianNllLoss', input_4x3_2, target_4x3_2, {'reduction': 'mean'}, extra=[var_4x3])
case('gaussianNll_4x3_full', 'gaussianNllLoss', input_4x3_2, target_4x3_2, {'full': True}, extra=[var_4x3])
case('gaussianNll_4x3_var_clamped', 'gaussianNllLoss', input_4x3_2, target_4x3_2, {}, extra=[L([4, 3], [1e-09, 1.654641495658005, 2.8626269476291792, 0.9027978906613228, 2.4569096123339045, 2.0941193599960615, 2.207840531987144, 1.9629421119525698, 2.920369983692424, 1.1315080857917095, 1.3151715671022375, 0.7681529061978454])], note='var below eps is clamped to eps')
case('sigmoidFocal_4x3_a0.25_g2.0_mean', 'sigmoidFocalLoss', input_4x3_4, target_4x3_6, {'reduction': 'mean', 'alpha': 0.25, 'gamma': 2.0})
case('sigmoidFocal_4x3_a-1.0_g0.0_mean', 'sigmoidFocalLoss', input_4x3_4, target_4x3_6, {'reduction': 'mean', 'alpha': -1.0, 'gamma': 0.0})
case('sigmoidFocal_4x3_a0.5_g1.5_mean', 'sigmoidFocalLoss', input_4x3_4, target_4x3_6, {'reduction': 'mean', 'alpha': 0.5, 'gamma': 1.5})
case('sigmoidFocal_4x3_extreme', 'sigmoidFocalLoss', L([4, 3], [-3.902604593462472, 106.12678408598087, -70.03205192919624, -13.404233950099156, 13.25569718993767, 7.653812910607435, -147.0066991701232, 9.136827645240972, 163.05881060898452, -185.65736137541788, 103.12592256259178, 14.322483083589749]), target_4x3_6, {'reduction': 'sum'}, note='logits up to +-200: finite')
case('klDiv_2x5_mean', 'klDiv', input_2x5, target_2x5, {'reduction': 'mean'})
case('klDiv_2x5_batchmean', 'klDiv', input_2x5, target_2x5, {'reduction': 'batchmean'})
case('klDiv_2x5_sum', 'klDiv', input_2x5, target_2x5, {'reduction': 'sum'})
case('klDiv_2x5_none', 'klDiv', input_2x5, target_2x5, {'reduction': 'none'}, gradOutput=L([2, 5], [0.3826002677279928, -0.5635713933532417, -1.3819687200064654, 0.949529931735302, 0.9664471342208761, -0.1407083991233403, 0.541883841603518, 0.781443053885405, 0.8311844526649818, 0.9213834732464707]))
case('klDiv_2x5_zero_target', 'klDiv', input_2x5, L([2, 5], [0.0, 0.17810098945356, 0.11850983796041036, 0.11085025210142611, 0.34592561697315777, 0.09432435359004061, 0.10963573483995903, 0.13042894223854973, 0.4136893532107493, 0.25192161612070146]), {'reduction': 'batchmean'}, note='0 * log 0 = 0')
case('klDiv_2x5_logTarget', 'klDiv', input_2x5, L([2, 5], [-1.3999337419720415, -1.7254045330952155, -2.132759301090027, -2.199575068665063, -1.061531506882257, -2.3610158661630303, -2.2105919098004128, -2.0369267044346415, -0.8826399413771194, -1.3786372869959826]), {'reduction': 'batchmean', 'logTarget': True})
case('l1_2x5_sum', 'l1Loss', input_2x5_2, target_2x5_2, {'reduction': 'sum'})
case('smoothL1_2x5_beta1.0_sum', 'smoothL1Loss', input_2x5_2, target_2x5_2, {'reduction': 'sum', 'beta': 1.0})
case('smoothL1_2x5_beta0.5_sum', 'smoothL1Loss', input_2x5_2, target_2x5_2, {'reduction': 'sum', 'beta': 0.5})
case('smoothL1_2x5_beta0.0_sum', 'smoothL1Loss', input_2x5_2, target_2x5_2, {'reduction': 'sum', 'beta': 0.0})
case('huber_2x5_delta1.0_sum', 'huberLoss', input_2x5_2, target_2x5_2, {'reduction': 'sum', 'delta': 1.0})
case('huber_2x5_delta2.5_sum', 'huberLoss', input_2x5_2, target_2x5_2, {'reduction': 'sum', 'delta': 2.5})
case('softMargin_2x5_sum', 'softMarginLoss', input_2x5_2, target_2x5_3, {'reduction': 'sum'})
case('softMargin_2x5_large', 'softMarginLoss', L([2, 5], [-36.44941205289062, 121.19783861317741, -99.72744466285667, 68.93784615949193, 39.51456632246068, 69.88952908196019, 150.32066456773896, 118.75563787029192, -91.614152575146, -135.09372642142856]), target_2x5_3, {'reduction': 'sum'}, note='margins of +-100: stable')
case('multiMargin_2x5_p1_m1.0_sum', 'multiMarginLoss', input_2x5_2, target_2, {'reduction': 'sum', 'p': 1, 'margin': 1.0})
case('multiMargin_2x5_p2_m0.5_sum', 'multiMarginLoss', input_2x5_2, target_2, {'reduction': 'sum', 'p': 2, 'margin': 0.5})
case('multiMargin_2x5_weight', 'multiMarginLoss', input_2x5_2, target_2, {'weight': L([5], [1.800910081358534, 1.8394216372861842, 0.7422684904204988, 0.540053525129427, 1.476211165133343])})
case('multilabelSoftMargin_2x5_sum', 'multilabelSoftMarginLoss', input_2x5_2, target_2x5_4, {'reduction': 'sum'})
case('multilabelSoftMargin_2x5_weight', 'multilabelSoftMarginLoss', input_2x5_2, target_2x5_4, {'weight': L([5], [1.4936693324213808, 1.745828798394776, 1.0652806721131736, 1.0575859291616274, 1.3092824884211518])})
case('poissonNll_2x5_log_sum', 'poissonNllLoss', input_2x5_3, target_2x5_5, {'reduction': 'sum'})
case('poissonNll_2x5_log_full', 'poissonNllLoss', input_2x5_3, target_2x5_5, {'full': True}, note='Stirling term where target > 1')
case('poissonNll_2x5_rate', 'poissonNllLoss', L([2, 5], [1.0112353013222655, 3.1299459653294353, 2.5931861165714167, 1.8234461539872981, 1.087864158061517, 1.8472382270490049, 3.8580166141934744, 3.068890946757298, 2.39035381437865, 3.477343160535714]), target_2x5_5, {'logInput': False})
case('gaussianNll_2x5_sum', 'gaussianNllLoss', input_2x5_2, target_2x5_2, {'reduction': 'sum'}, extra=[var_2x5])
case('gaussianNll_2x5_full', 'gaussianNllLoss', input_2x5_2, target_2x5_2, {'full': True}, extra=[var_2x5])
case('gaussianNll_2x5_var_clamped', 'gaussianNllLoss', input_2x5_2, target_2x5_2, {}, extra=[L([2, 5], [1e-09, 2.295328376114174, 2.7104428461257024, 0.5520762490956737, 0.7159565960261904, 2.4387035198868, 2.0046605444657293, 2.2187238170679366, 2.9909592620876784, 2.8297038843344673])], note='var below eps is clamped to eps')
case('sigmoidFocal_2x5_a0.25_g2.0_sum', 'sigmoidFocalLoss', input_2x5_4, target_2x5_6, {'reduction': 'sum', 'alpha': 0.25, 'gamma': 2.0})
case('sigmoidFocal_2x5_a-1.0_g0.0_sum', 'sigmoidFocalLoss', input_2x5_4, target_2x5_6, {'reduction': 'sum', 'alpha': -1.0, 'gamma': 0.0})
case('sigmoidFocal_2x5_a0.5_g1.5_sum', 'sigmoidFocalLoss', input_2x5_4, target_2x5_6, {'reduction': 'sum', 'alpha': 0.5, 'gamma': 1.5})
case('sigmoidFocal_2x5_extreme', 'sigmoidFocalLoss', L([2, 5], [-54.674118079335926, 181.79675791976612, -149.591166994285, 103.40676923923789, 59.271849483691014, 104.8342936229403, 200.0, 178.13345680543787, -137.421228862719, -200.0]), target_2x5_6, {'reduction': 'sum'}, note='logits up to +-200: finite')


# ---- evaluation with PyTorch -------------------------------------------------------------------
def _t(a):
    return None if a is None else torch.tensor(a, dtype=torch.float64)


def _target(a):
    return torch.tensor(a, dtype=torch.int64) if a.dtype == np.int32 else torch.tensor(a, dtype=torch.float64)


def _reduce(loss, reduction):
    return loss.mean() if reduction == 'mean' else loss.sum() if reduction == 'sum' else loss


def sigmoid_focal_loss(x, t, alpha, gamma, reduction):
    """torchvision.ops.sigmoid_focal_loss (alpha < 0: no class weighting)."""
    p = torch.sigmoid(x)
    ce = F.binary_cross_entropy_with_logits(x, t, reduction='none')
    p_t = p * t + (1 - p) * (1 - t)
    loss = ce * ((1 - p_t) ** gamma)
    if alpha >= 0:
        loss = (alpha * t + (1 - alpha) * (1 - t)) * loss
    return _reduce(loss, reduction)


FUNCTIONS = {
    'klDiv': lambda x, t, e, o: F.kl_div(x, t, reduction=o.get('reduction', 'mean'), log_target=o.get('logTarget', False)),
    'l1Loss': lambda x, t, e, o: F.l1_loss(x, t, reduction=o.get('reduction', 'mean')),
    'smoothL1Loss': lambda x, t, e, o: F.smooth_l1_loss(x, t, reduction=o.get('reduction', 'mean'), beta=o.get('beta', 1.0)),
    'huberLoss': lambda x, t, e, o: F.huber_loss(x, t, reduction=o.get('reduction', 'mean'), delta=o.get('delta', 1.0)),
    'softMarginLoss': lambda x, t, e, o: F.soft_margin_loss(x, t, reduction=o.get('reduction', 'mean')),
    'multiMarginLoss': lambda x, t, e, o: F.multi_margin_loss(
        x, t, p=o.get('p', 1), margin=o.get('margin', 1.0), weight=_t(o.get('weight')), reduction=o.get('reduction', 'mean')),
    'multilabelSoftMarginLoss': lambda x, t, e, o: F.multilabel_soft_margin_loss(
        x, t, weight=_t(o.get('weight')), reduction=o.get('reduction', 'mean')),
    'poissonNllLoss': lambda x, t, e, o: F.poisson_nll_loss(
        x, t, log_input=o.get('logInput', True), full=o.get('full', False), eps=o.get('eps', 1e-8),
        reduction=o.get('reduction', 'mean')),
    'gaussianNllLoss': lambda x, t, e, o: F.gaussian_nll_loss(
        x, t, e[0], full=o.get('full', False), eps=o.get('eps', 1e-6), reduction=o.get('reduction', 'mean')),
    'sigmoidFocalLoss': lambda x, t, e, o: sigmoid_focal_loss(
        x, t, o.get('alpha', 0.25), o.get('gamma', 2.0), o.get('reduction', 'mean')),
}


def run(spec):
    x = torch.tensor(spec['input'], dtype=torch.float64, requires_grad=True)
    extra = [_t(e) for e in spec['extra']]
    value = FUNCTIONS[spec['fn']](x, _target(spec['target']), extra, spec['opts'])
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
    if spec['extra']:
        out['extra'] = [tensor_json(e) for e in spec['extra']]
    out['opts'] = {k: tensor_json(v) if isinstance(v, np.ndarray) else v for k, v in spec['opts'].items()}
    out['value'] = tensor_json(value)
    if spec['gradOutput'] is not None:
        out['gradOutput'] = tensor_json(spec['gradOutput'])
    out['gradInput'] = tensor_json(x.grad)
    return out


ABOUT = (
    "loss-family.json: the cross-entropy family's relatives, values and input gradients of PyTorch 1.13 in float64.\n\n"
    'Same case format as loss.json ({name, fn, input, target, opts, value, gradInput[, gradOutput]}), plus\n'
    "`extra`: tensors passed positionally between target and the options (gaussianNllLoss's `var`).\n"
    'Functions (names and options in shared/API.md): klDiv, l1Loss, smoothL1Loss, huberLoss, softMarginLoss,\n'
    'multiMarginLoss, multilabelSoftMarginLoss, poissonNllLoss, gaussianNllLoss, sigmoidFocalLoss.\n'
)

if __name__ == '__main__':
    write_vectors('loss-family.json', ABOUT, [run(c) for c in CASES])

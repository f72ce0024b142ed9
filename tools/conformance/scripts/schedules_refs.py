#!/usr/bin/python3
"""Reference learning rates (and cycled momenta) of torch.optim.lr_scheduler for @entropic/optim.

Run with Debian's python3-torch 1.13 (float64):

    /usr/bin/python3 tools/conformance/scripts/schedules_refs.py

writes tools/conformance/vectors/schedules.json. Option names in the file are Entropic's
(camelCase); this script maps them to PyTorch's keyword arguments.
"""
import math

import torch

from _refjson import require_versions, tensor_json, write_vectors

require_versions(torch='1.13')
torch.set_default_dtype(torch.float64)
torch.manual_seed(0)

SNAKE = {
    'lr': 'lr', 'momentum': 'momentum', 'dampening': 'dampening', 'weightDecay': 'weight_decay', 'nesterov': 'nesterov',
    'betas': 'betas', 'eps': 'eps', 'amsgrad': 'amsgrad', 'alpha': 'alpha', 'centered': 'centered', 'lrDecay': 'lr_decay',
    'stepSize': 'step_size', 'gamma': 'gamma', 'tMax': 'T_max', 'etaMin': 'eta_min',
    'startFactor': 'start_factor', 'endFactor': 'end_factor', 'totalIters': 'total_iters',
    'maxLr': 'max_lr', 'totalSteps': 'total_steps', 'epochs': 'epochs', 'stepsPerEpoch': 'steps_per_epoch',
    'pctStart': 'pct_start', 'annealStrategy': 'anneal_strategy', 'cycleMomentum': 'cycle_momentum',
    'baseMomentum': 'base_momentum', 'maxMomentum': 'max_momentum', 'divFactor': 'div_factor',
    'finalDivFactor': 'final_div_factor', 'threePhase': 'three_phase',
    'mode': 'mode', 'factor': 'factor', 'patience': 'patience', 'threshold': 'threshold',
    'thresholdMode': 'threshold_mode', 'cooldown': 'cooldown', 'minLr': 'min_lr',
}

OPTIMIZERS = {'SGD': torch.optim.SGD, 'Adam': torch.optim.Adam, 'AdamW': torch.optim.AdamW,
              'RMSprop': torch.optim.RMSprop, 'Adagrad': torch.optim.Adagrad}


def kwargs(opts):
    out = {}
    for k, v in opts.items():
        if k == 'lrLambda':
            continue
        out[SNAKE[k]] = tuple(v) if k == 'betas' else v
    return out


def lr_lambda(spec):
    """The factor functions a case names; the TypeScript test builds the same ones."""
    fn = spec['fn']
    if fn == 'pow':
        return lambda e: spec['base'] ** e
    if fn == 'warmup':
        return lambda e: min(1.0, (e + 1) / spec['steps'])
    if fn == 'inverse':
        return lambda e: 1.0 / (1.0 + spec['decay'] * e)
    if fn == 'cosine':
        return lambda e: 0.5 * (1.0 + math.cos(math.pi * e / spec['period']))
    raise ValueError(fn)


def make_scheduler(opt, s):
    kind, opts = s['kind'], s['opts']
    if kind == 'LambdaLR':
        lam = opts['lrLambda']
        fns = [lr_lambda(x) for x in lam] if isinstance(lam, list) else lr_lambda(lam)
        return torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=fns)
    cls = getattr(torch.optim.lr_scheduler, kind)
    return cls(opt, **kwargs(opts))


def momenta_of(opt):
    out = []
    for g in opt.param_groups:
        if 'betas' in g:
            out.append(g['betas'][0])
        elif 'momentum' in g:
            out.append(g['momentum'])
    return out


def quadratic(sizes):
    A, b = [], []
    for n in sizes:
        m = torch.randn(n, n)
        A.append(m @ m.T / n + torch.eye(n))
        b.append(torch.randn(n))
    return A, b


def run(case):
    """Builds the optimizer and schedulers, then `steps` times: (loss, backward,) opt.step(), each scheduler's step()."""
    sizes = case.get('sizes', [2] * len(case.get('groups', [None])))
    problem = None
    if case.get('train'):
        A, b = quadratic(sizes)
        params = [torch.randn(n).requires_grad_() for n in sizes]
        problem = {'kind': 'quadratic', 'A': [a.tolist() for a in A], 'b': [v.tolist() for v in b]}
        case['params0'] = [tensor_json(p.detach()) for p in params]
    else:
        params = [torch.zeros(n, requires_grad=True) for n in sizes]
    groups = case.get('groups')
    spec = [dict({'params': [p]}, **kwargs(g)) for p, g in zip(params, groups)] if groups else params
    opt = OPTIMIZERS[case['optimizer']](spec, **kwargs(case['opts']))
    schedulers = [make_scheduler(opt, s) for s in case['schedulers']]
    lrs = [[g['lr'] for g in opt.param_groups]]
    momenta = [momenta_of(opt)]
    trajectory = []
    for k in range(case['steps']):
        opt.zero_grad()
        if problem is not None:
            loss = sum(0.5 * p @ (a @ p) - v @ p for p, a, v in zip(params, A, b))
            loss.backward()
        opt.step()
        for s, sch in zip(case['schedulers'], schedulers):
            if s['kind'] == 'ReduceLROnPlateau':
                sch.step(case['metrics'][k])
            else:
                sch.step()
        lrs.append([g['lr'] for g in opt.param_groups])
        momenta.append(momenta_of(opt))
        if problem is not None:
            trajectory.append([tensor_json(p.detach()) for p in params])
    case['lrs'] = lrs
    if case.pop('recordMomenta', False):
        case['momenta'] = momenta
    if problem is not None:
        case['problem'] = problem
        case['params'] = trajectory
    case.pop('train', None)
    return case


PLATEAU_MIN = [1.0, 0.9, 0.9, 0.89995, 0.9, 0.85, 0.86, 0.85, 0.851, 0.7, 0.7, 0.7, 0.7, 0.7, 0.69, 0.7, 0.7, 0.7, 0.7, 0.7]
PLATEAU_MAX = [0.5, 0.6, 0.6, 0.61, 0.605, 0.6, 0.7, 0.7, 0.69, 0.7, 0.7005, 0.7, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]

CASES = [
    # LambdaLR: base lr × factor(epoch).
    {'name': 'lambda_pow_sgd', 'optimizer': 'SGD', 'opts': {'lr': 0.1}, 'schedulers': [
        {'kind': 'LambdaLR', 'opts': {'lrLambda': {'fn': 'pow', 'base': 0.95}}}], 'steps': 12},
    {'name': 'lambda_per_group_adam', 'optimizer': 'Adam', 'opts': {'lr': 0.01}, 'groups': [{}, {'lr': 0.05}], 'schedulers': [
        {'kind': 'LambdaLR', 'opts': {'lrLambda': [{'fn': 'warmup', 'steps': 5}, {'fn': 'inverse', 'decay': 0.1}]}}], 'steps': 15},
    {'name': 'lambda_cosine_rmsprop', 'optimizer': 'RMSprop', 'opts': {'lr': 0.02}, 'schedulers': [
        {'kind': 'LambdaLR', 'opts': {'lrLambda': {'fn': 'cosine', 'period': 8}}}], 'steps': 10},
    # LinearLR: warm-up and decay, chainable.
    {'name': 'linear_defaults_sgd', 'optimizer': 'SGD', 'opts': {'lr': 0.05}, 'schedulers': [{'kind': 'LinearLR', 'opts': {}}], 'steps': 10},
    {'name': 'linear_decay_two_groups', 'optimizer': 'SGD', 'opts': {'lr': 0.1}, 'groups': [{}, {'lr': 0.3}], 'schedulers': [
        {'kind': 'LinearLR', 'opts': {'startFactor': 1.0, 'endFactor': 0.1, 'totalIters': 7}}], 'steps': 12},
    {'name': 'linear_to_zero', 'optimizer': 'Adam', 'opts': {'lr': 0.003}, 'schedulers': [
        {'kind': 'LinearLR', 'opts': {'startFactor': 1.0, 'endFactor': 0.0, 'totalIters': 4}}], 'steps': 6},
    {'name': 'linear_warmup_then_cosine', 'optimizer': 'SGD', 'opts': {'lr': 0.1, 'momentum': 0.9}, 'schedulers': [
        {'kind': 'LinearLR', 'opts': {'startFactor': 0.25, 'totalIters': 4}},
        {'kind': 'CosineAnnealingLR', 'opts': {'tMax': 10, 'etaMin': 0.001}}], 'steps': 25},
    {'name': 'linear_warmup_then_step', 'optimizer': 'Adam', 'opts': {'lr': 0.01}, 'schedulers': [
        {'kind': 'LinearLR', 'opts': {'startFactor': 0.5, 'endFactor': 1.0, 'totalIters': 3}},
        {'kind': 'StepLR', 'opts': {'stepSize': 3, 'gamma': 0.5}}], 'steps': 12},
    {'name': 'exponential_then_linear', 'optimizer': 'SGD', 'opts': {'lr': 0.2}, 'schedulers': [
        {'kind': 'ExponentialLR', 'opts': {'gamma': 0.9}},
        {'kind': 'LinearLR', 'opts': {'startFactor': 0.1, 'endFactor': 0.6, 'totalIters': 5}}], 'steps': 10},
    # OneCycleLR: lr and momentum (SGD's momentum, RMSprop's momentum, Adam's beta1) cycle.
    {'name': 'onecycle_sgd_cos', 'optimizer': 'SGD', 'opts': {'lr': 0.01, 'momentum': 0.9}, 'schedulers': [
        {'kind': 'OneCycleLR', 'opts': {'maxLr': 0.1, 'totalSteps': 20}}], 'steps': 20, 'recordMomenta': True},
    {'name': 'onecycle_sgd_no_momentum_option', 'optimizer': 'SGD', 'opts': {'lr': 0.01}, 'schedulers': [
        {'kind': 'OneCycleLR', 'opts': {'maxLr': 0.5, 'epochs': 3, 'stepsPerEpoch': 4, 'pctStart': 0.5}}], 'steps': 12, 'recordMomenta': True},
    {'name': 'onecycle_adam_linear_three_phase', 'optimizer': 'Adam', 'opts': {'lr': 0.001}, 'schedulers': [
        {'kind': 'OneCycleLR', 'opts': {'maxLr': 0.01, 'epochs': 4, 'stepsPerEpoch': 5, 'pctStart': 0.25, 'annealStrategy': 'linear',
                                        'threePhase': True, 'divFactor': 10.0, 'finalDivFactor': 100.0, 'baseMomentum': 0.8,
                                        'maxMomentum': 0.9}}],
     # 19, not 20: the one step PyTorch allows past the cycle extrapolates the linear ramp to a negative lr.
     'steps': 19, 'recordMomenta': True},
    {'name': 'onecycle_adamw_three_phase_cos', 'optimizer': 'AdamW', 'opts': {'lr': 0.001}, 'schedulers': [
        {'kind': 'OneCycleLR', 'opts': {'maxLr': 0.004, 'totalSteps': 17, 'threePhase': True}}], 'steps': 17, 'recordMomenta': True},
    {'name': 'onecycle_two_groups_arrays', 'optimizer': 'SGD', 'opts': {'lr': 0.01, 'momentum': 0.5, 'nesterov': True},
     'groups': [{}, {'lr': 0.02}], 'schedulers': [
        {'kind': 'OneCycleLR', 'opts': {'maxLr': [0.1, 0.3], 'totalSteps': 15, 'pctStart': 0.4, 'baseMomentum': [0.8, 0.85],
                                        'maxMomentum': [0.9, 0.99]}}], 'steps': 15, 'recordMomenta': True},
    {'name': 'onecycle_rmsprop_momentum', 'optimizer': 'RMSprop', 'opts': {'lr': 0.01}, 'schedulers': [
        {'kind': 'OneCycleLR', 'opts': {'maxLr': 0.02, 'totalSteps': 9}}], 'steps': 9, 'recordMomenta': True},
    {'name': 'onecycle_adagrad_no_cycle_momentum', 'optimizer': 'Adagrad', 'opts': {'lr': 0.01}, 'schedulers': [
        {'kind': 'OneCycleLR', 'opts': {'maxLr': 0.05, 'totalSteps': 10, 'cycleMomentum': False}}], 'steps': 10},
    # ReduceLROnPlateau, driven by fixed metric sequences.
    {'name': 'plateau_min_rel', 'optimizer': 'SGD', 'opts': {'lr': 0.1}, 'schedulers': [
        {'kind': 'ReduceLROnPlateau', 'opts': {'patience': 2, 'factor': 0.5}}], 'metrics': PLATEAU_MIN, 'steps': len(PLATEAU_MIN)},
    {'name': 'plateau_min_abs_cooldown', 'optimizer': 'Adam', 'opts': {'lr': 0.01}, 'schedulers': [
        {'kind': 'ReduceLROnPlateau', 'opts': {'patience': 1, 'factor': 0.3, 'threshold': 0.01, 'thresholdMode': 'abs', 'cooldown': 2}}],
     'metrics': PLATEAU_MIN, 'steps': len(PLATEAU_MIN)},
    {'name': 'plateau_max_rel_min_lr', 'optimizer': 'SGD', 'opts': {'lr': 0.05}, 'schedulers': [
        {'kind': 'ReduceLROnPlateau', 'opts': {'mode': 'max', 'patience': 1, 'factor': 0.2, 'threshold': 0.01, 'minLr': 0.003}}],
     'metrics': PLATEAU_MAX, 'steps': len(PLATEAU_MAX)},
    {'name': 'plateau_max_abs_two_groups', 'optimizer': 'SGD', 'opts': {'lr': 0.1}, 'groups': [{}, {'lr': 0.02}], 'schedulers': [
        {'kind': 'ReduceLROnPlateau', 'opts': {'mode': 'max', 'patience': 0, 'factor': 0.5, 'threshold': 0.005, 'thresholdMode': 'abs',
                                               'cooldown': 1, 'minLr': [0.01, 0.0]}}],
     'metrics': PLATEAU_MAX, 'steps': len(PLATEAU_MAX)},
    {'name': 'plateau_eps_stops_tiny_reductions', 'optimizer': 'SGD', 'opts': {'lr': 1e-7}, 'schedulers': [
        {'kind': 'ReduceLROnPlateau', 'opts': {'patience': 0, 'factor': 0.5}}], 'metrics': [1.0] * 12, 'steps': 12},
    {'name': 'linear_warmup_then_plateau', 'optimizer': 'SGD', 'opts': {'lr': 0.1}, 'schedulers': [
        {'kind': 'LinearLR', 'opts': {'startFactor': 0.1, 'totalIters': 5}},
        {'kind': 'ReduceLROnPlateau', 'opts': {'patience': 1, 'factor': 0.5, 'cooldown': 1}}], 'metrics': PLATEAU_MIN, 'steps': len(PLATEAU_MIN)},
    # Trajectories: the cycled momentum drives the optimizer's update.
    {'name': 'train_onecycle_sgd_momentum', 'optimizer': 'SGD', 'opts': {'lr': 0.01, 'momentum': 0.9}, 'sizes': [3, 2], 'train': True,
     'schedulers': [{'kind': 'OneCycleLR', 'opts': {'maxLr': 0.2, 'totalSteps': 12}}], 'steps': 12, 'recordMomenta': True},
    {'name': 'train_onecycle_adam_three_phase', 'optimizer': 'Adam', 'opts': {'lr': 0.01}, 'sizes': [4], 'train': True,
     'schedulers': [{'kind': 'OneCycleLR', 'opts': {'maxLr': 0.1, 'totalSteps': 10, 'threePhase': True}}], 'steps': 10, 'recordMomenta': True},
    {'name': 'train_linear_warmup_adamw', 'optimizer': 'AdamW', 'opts': {'lr': 0.05}, 'sizes': [3], 'train': True,
     'schedulers': [{'kind': 'LinearLR', 'opts': {'startFactor': 0.2, 'totalIters': 4}}], 'steps': 8},
]


def main():
    cases = [run(dict(c)) for c in CASES]
    about = ('Learning rates of torch.optim.lr_scheduler (PyTorch 1.13, float64) for @entropic/optim, from '
             'tools/conformance/scripts/schedules_refs.py. Build the optimizer (`groups`: one group per entry, each over '
             'its own parameter of size `sizes[i]` (default 2), options merged over `opts`), then the `schedulers` in '
             'order. lrs[0] holds each group\'s lr after construction; then `steps` times: opt.zeroGrad(), (with a '
             '`problem`: f(params).backward()), opt.step(), each scheduler\'s step() in order (ReduceLROnPlateau: '
             'step(metrics[k])), and lrs[k + 1] holds the lrs after step k. `momenta` (same layout) holds SGD\'s or '
             'RMSprop\'s momentum, or Adam\'s beta1, where OneCycleLR cycles it. LambdaLR factors: pow: base^e; '
             'warmup: min(1, (e + 1) / steps); inverse: 1 / (1 + decay·e); cosine: (1 + cos(pi·e / period)) / 2. '
             '`problem` and `params` (every parameter after each step) are as in optim.json.')
    write_vectors('schedules.json', about, cases)


if __name__ == '__main__':
    main()

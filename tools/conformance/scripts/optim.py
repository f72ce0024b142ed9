#!/usr/bin/env python3
"""Writes ../vectors/optim.json: parameter trajectories of @entropic/optim's optimizers and LR
schedules, computed with PyTorch 1.13's torch.optim in float64 (single-tensor, non-foreach paths).

Each case is a table entry: the optimizer and its options (API names), the starting parameters, the
objective (a quadratic per parameter, or mean logistic loss) and the number of steps, with an
optional LR schedule. The starting points and objectives are written out (drawn once with numpy);
the trajectories are what PyTorch computes from them.

Run: /usr/bin/python3 tools/conformance/scripts/optim.py   (or `pnpm refs` for every file)
"""
import numpy as np
import torch
import torch.nn.functional as F

from _refjson import require_versions, tensor_json, write_vectors

require_versions(torch='1.13', numpy='1.24')


def L(shape, data):
    """Float64 values written out."""
    return np.array(data, dtype=np.float64).reshape(shape)


def quadratic(A, b):
    """f = sum_p ½ x_pᵀ A_p x_p − b_pᵀ x_p, one symmetric A_p and b_p per parameter."""
    return {'kind': 'quadratic', 'A': A, 'b': b}


def logreg(X, y):
    """Parameters [w, b]: z = X w + b, f = mean(softplus(z) − y·z)."""
    return {'kind': 'logreg', 'X': X, 'y': y}


CASES = []


def case(name, optimizer, opts, params0, problem, steps, scheduler=None, note=None):
    CASES.append({'name': name, 'optimizer': optimizer, 'opts': opts, 'note': note, 'params0': params0,
                  'problem': problem, 'steps': steps, 'scheduler': scheduler})


# Starting points and objectives that several cases share.
params_3 = [L([3], [1.501888341707398, 0.06654502810940731, 0.834598910307831])]
quadratic_3 = quadratic(A=[[[3.553414070853914, -0.7038942562859207, 1.2947796635289333], [-0.7038942562859207, 2.70438603232499, -0.22889458199602158], [1.2947796635289333, -0.22889458199602158, 7.3326846061401705]]],
    b=[[1.8950446420619336, -0.1497201045943905, 1.0765983624164843]])
params_4_2 = [L([4], [-1.1791196165911866, 0.2381983198208144, -0.2811903203496806, -1.0883669358990435]), L([2], [-0.5622545426466897, -1.7745271938515421])]
quadratic_4_2 = quadratic(A=[[[2.2170638702544547, -0.09768152089299156, -0.2381362298597542, -0.2835074675903082], [-0.09768152089299156, 1.6552285560180648, 0.47161763516114796, -0.3287633701425705], [-0.2381362298597542, 0.47161763516114796, 1.6981051320121396, -0.2608938172143064], [-0.2835074675903082, -0.3287633701425705, -0.2608938172143064, 1.8566041219333136]], [[1.216075064560409, -0.4003869389556701], [-0.4003869389556701, 2.304665010886898]]],
    b=[[0.8322724876292434, -0.8816896974204332, -0.5129343979684369, -0.25718831444489076], [0.1785811076457927, -0.9581799713215067]])
params_3_1 = [L([3], [0.0, 0.0, 0.0]), L([1], [0.0])]
logreg_30x3 = logreg(X=[[-0.07976927268990411, 0.34599475505103466, -1.2089366055008073], [-0.6383780958433364, -1.1378098499067988, 0.467493611532232], [-0.07447564047622193, -1.3573592589888899, 1.3586915653194842], [-0.7070103565159807, 0.5452485216735776, 1.187831992254385], [-2.46376586777798, -1.2289760101120362, -1.9769665001955021], [0.5769195752303753, -1.5045295612805636, 1.3530829563022033], [2.3333910029899325, -0.6627600412984509, -1.083313201745364], [2.144368739766891, 1.6554999001791795, -0.708853921985545], [0.9953180972500646, 0.7248060692681182, -0.9452401379634022], [-0.6749757738391102, 0.4228275540065383, 0.41403346956404874], [2.7433746896505746, -0.24968404748860706, -0.24090563312390773], [-1.001378259209384, -0.6781645484955258, 0.027653397445149195], [-0.25694945053163326, 0.24642261957436162, 1.0433740506226243], [-0.15425086469639007, -0.9775455526240586, -0.6065510802135962], [-0.8067000946597862, -0.14426485921562215, -1.326393257925459], [0.32799507479786105, 0.36750626312727763, 0.6115155233967892], [-1.1856913683602555, 1.201918874580853, 0.3617859428763671], [-3.013254971119991, 0.5333621782606485, 1.1185741789461001], [0.990981772971565, 1.5969178947101377, -0.012523048901255829], [-0.32436733982805166, -0.0802178513902812, -1.9797033870140492], [0.8958408608316275, -0.9224591151315823, 2.0228975872391772], [0.8475231016275867, 1.6832804647273674, 0.003825489069122021], [-1.7927860756668321, 2.2024879855413038, 0.623496685054517], [-0.4389820807935661, 1.0215462050695057, 1.892807705017086], [0.006709686653128662, 0.49159560259210516, -0.9312922872729094], [-0.6500839069604057, 0.6439603309930207, 0.5222467346474968], [-0.17917964677001902, -0.5026868639816131, 1.9505996956138953], [-0.2832791526026926, 0.5516507805263131, 0.5326361116627523], [1.4683444712995732, -0.41433156127696075, 0.5639115979533742], [0.28104001500282655, -0.5229292632135109, -0.8452924809608041]],
    y=[1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0])
params_3_1_2 = [L([3], [-0.15039618374597075, -0.022967450173826648, -0.2577537725728403]), L([1], [0.1])]

# The cases.
case('sgd_plain_quadratic', 'SGD', {'lr': 0.05}, params_3, quadratic_3, steps=15)
case('sgd_momentum_quadratic', 'SGD', {'lr': 0.05, 'momentum': 0.9}, params_3, quadratic_3, steps=15, note='first step: momentum buffer = gradient (no dampening applied), as PyTorch')
case('sgd_momentum_dampening_two_params', 'SGD', {'lr': 0.05, 'momentum': 0.8, 'dampening': 0.3}, params_4_2, quadratic_4_2, steps=15)
case('sgd_nesterov_quadratic', 'SGD', {'lr': 0.04, 'momentum': 0.9, 'nesterov': True}, params_3, quadratic_3, steps=15)
case('sgd_weight_decay_quadratic', 'SGD', {'lr': 0.05, 'weightDecay': 0.1}, params_3, quadratic_3, steps=10)
case('sgd_momentum_wd_nesterov_logreg', 'SGD', {'lr': 0.5, 'momentum': 0.5, 'weightDecay': 0.01, 'nesterov': True}, params_3_1, logreg_30x3, steps=20)
case('adam_default_quadratic', 'Adam', {}, params_3, quadratic_3, steps=20, note='all options at their defaults (lr 1e-3)')
case('adam_lr0_1_logreg', 'Adam', {'lr': 0.1}, params_3_1_2, logreg_30x3, steps=25)
case('adam_amsgrad_quadratic', 'Adam', {'lr': 0.1, 'amsgrad': True}, params_4_2, quadratic_4_2, steps=25)
case('adam_weight_decay_betas_eps', 'Adam', {'lr': 0.05, 'betas': [0.8, 0.99], 'eps': 1e-06, 'weightDecay': 0.1}, params_3, quadratic_3, steps=20)
case('adamw_default_wd_quadratic', 'AdamW', {'lr': 0.05}, params_3, quadratic_3, steps=20, note='AdamW default weightDecay is 1e-2 (decoupled)')
case('adamw_amsgrad_wd0_1_logreg', 'AdamW', {'lr': 0.1, 'weightDecay': 0.1, 'amsgrad': True}, params_3_1_2, logreg_30x3, steps=20)
case('rmsprop_default_quadratic', 'RMSprop', {}, params_3, quadratic_3, steps=20)
case('rmsprop_centered_quadratic', 'RMSprop', {'lr': 0.01, 'centered': True}, params_4_2, quadratic_4_2, steps=20)
case('rmsprop_momentum_logreg', 'RMSprop', {'lr': 0.01, 'momentum': 0.9}, params_3_1_2, logreg_30x3, steps=20)
case('rmsprop_centered_momentum_wd_alpha', 'RMSprop', {'lr': 0.005, 'alpha': 0.9, 'momentum': 0.5, 'centered': True, 'weightDecay': 0.05}, params_3, quadratic_3, steps=20)
case('adagrad_default_quadratic', 'Adagrad', {}, params_3, quadratic_3, steps=20)
case('adagrad_lrDecay_logreg', 'Adagrad', {'lr': 0.5, 'lrDecay': 0.1}, params_3_1, logreg_30x3, steps=20)
case('adagrad_initial_accumulator_wd', 'Adagrad', {'lr': 0.3, 'initialAccumulatorValue': 0.5, 'weightDecay': 0.05}, params_4_2, quadratic_4_2, steps=15)
case('lbfgs_default_quadratic', 'LBFGS', {}, params_3, quadratic(A=[[[12.430053391141472, -0.10659769087964872, 3.0319494890640275], [-0.10659769087964872, 4.726278720082376, 0.7569824663743266], [3.0319494890640275, 0.7569824663743266, 2.3370607467092945]]],
    b=[[-1.1583799942767692, -2.4921922055682972, -2.1199275244621885]]), steps=2, note='no line search: fixed steps of lr (the first scaled by min(1, 1/|g|_1)); other settings at PyTorch defaults')
case('lbfgs_no_line_search_logreg_lr0_5', 'LBFGS', {'lr': 0.5, 'maxIter': 10}, params_3_1, logreg_30x3, steps=4)
case('lbfgs_strongWolfe_logreg', 'LBFGS', {'lineSearch': 'strongWolfe', 'maxIter': 8}, params_3_1, logreg_30x3, steps=3)
case('lbfgs_strongWolfe_quadratic_history3', 'LBFGS', {'lineSearch': 'strongWolfe', 'historySize': 3, 'maxIter': 6}, [L([6], [-0.9020800688165235, -0.03458531563392445, 0.3079320968082454, 0.07501415619270084, -0.9154567805074229, -0.2676367480502898])], quadratic(A=[[[20.839979305100574, 2.1614463317833144, -12.969186599220265, -1.7806445329238916, -14.6131931482971, 1.795406080709307], [2.1614463317833144, 3.3697392776518935, -0.5190466875096973, 0.6415509764284193, -1.6678074114083723, 0.5070857174519683], [-12.969186599220265, -0.5190466875096973, 13.532809978200072, 1.7030568011177727, 9.530162132780948, 0.2949519107401001], [-1.7806445329238916, 0.6415509764284193, 1.7030568011177727, 5.781181796947073, 3.1314160577950023, -2.0722087209512776], [-14.6131931482971, -1.6678074114083723, 9.530162132780948, 3.1314160577950023, 19.767247188367964, -1.2760969954808337], [1.795406080709307, 0.5070857174519683, 0.2949519107401001, -2.0722087209512776, -1.2760969954808337, 4.3611345502059145]]],
    b=[[0.3289525782936788, -1.1418104353045782, -0.4944636443484155, 0.499025567787189, -0.8887300504850983, -1.5162583526386613]]), steps=3)
case('lbfgs_maxIter1_many_steps_quadratic', 'LBFGS', {'maxIter': 1, 'lr': 0.2}, params_3, quadratic_3, steps=8, note='one iteration per step; the L-BFGS history carries over between step() calls')
case('steplr_sgd_momentum', 'SGD', {'lr': 0.1, 'momentum': 0.9}, params_3, quadratic_3, steps=12, scheduler=('StepLR', {'stepSize': 4, 'gamma': 0.5}))
case('exponentiallr_adam', 'Adam', {'lr': 0.2}, params_3_1_2, logreg_30x3, steps=15, scheduler=('ExponentialLR', {'gamma': 0.9}))
case('cosine_sgd', 'SGD', {'lr': 0.1}, params_4_2, quadratic_4_2, steps=10, scheduler=('CosineAnnealingLR', {'tMax': 10}))
case('cosine_etaMin_adamw', 'AdamW', {'lr': 0.1}, params_3, quadratic_3, steps=8, scheduler=('CosineAnnealingLR', {'tMax': 8, 'etaMin': 0.01}))


# ---- evaluation with PyTorch -------------------------------------------------------------------
def objective(problem):
    if problem['kind'] == 'quadratic':
        A = [torch.tensor(a, dtype=torch.float64) for a in problem['A']]
        b = [torch.tensor(v, dtype=torch.float64) for v in problem['b']]

        def f(params):
            total = 0
            for x, a, bb in zip(params, A, b):
                x = x.reshape(-1)
                total = total + (x * (a @ x)).sum() * 0.5 - (bb * x).sum()
            return total
        return f
    X = torch.tensor(problem['X'], dtype=torch.float64)
    y = torch.tensor(problem['y'], dtype=torch.float64)

    def f(params):
        w, b = params
        z = X @ w + b
        return (F.softplus(z) - y * z).mean()
    return f


# API option names → torch.optim keyword arguments.
OPTION_NAMES = {
    'weightDecay': 'weight_decay', 'lrDecay': 'lr_decay', 'initialAccumulatorValue': 'initial_accumulator_value',
    'historySize': 'history_size', 'maxIter': 'max_iter', 'lineSearch': 'line_search_fn',
}


def torch_options(optimizer, opts):
    out = {}
    for k, v in opts.items():
        if k == 'lineSearch':
            v = {'strongWolfe': 'strong_wolfe'}[v]
        if k == 'betas':
            v = tuple(v)
        out[OPTION_NAMES.get(k, k)] = v
    if optimizer != 'LBFGS':
        out['foreach'] = False  # the single-tensor code path, step for step
    return out


SCHEDULERS = {
    'StepLR': lambda opt, o: torch.optim.lr_scheduler.StepLR(opt, step_size=o['stepSize'], gamma=o.get('gamma', 0.1)),
    'ExponentialLR': lambda opt, o: torch.optim.lr_scheduler.ExponentialLR(opt, gamma=o['gamma']),
    'CosineAnnealingLR': lambda opt, o: torch.optim.lr_scheduler.CosineAnnealingLR(
        opt, T_max=o['tMax'], eta_min=o.get('etaMin', 0.0)),
}


def run(spec):
    params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in spec['params0']]
    f = objective(spec['problem'])
    opt = getattr(torch.optim, spec['optimizer'])(params, **torch_options(spec['optimizer'], spec['opts']))
    sched = SCHEDULERS[spec['scheduler'][0]](opt, spec['scheduler'][1]) if spec['scheduler'] else None
    trajectory, losses, lrs, closure_calls = [], [], [], []
    for _ in range(spec['steps']):
        if spec['optimizer'] == 'LBFGS':
            calls = [0]

            def closure():
                calls[0] += 1
                opt.zero_grad()
                loss = f(params)
                loss.backward()
                return loss
            losses.append(float(opt.step(closure)))
            closure_calls.append(calls[0])
        else:
            opt.zero_grad()
            loss = f(params)
            loss.backward()
            losses.append(float(loss))
            lrs.append(opt.param_groups[0]['lr'])
            opt.step()
            if sched:
                sched.step()
        trajectory.append([tensor_json(p) for p in params])
    out = {'name': spec['name'], 'optimizer': spec['optimizer'], 'opts': spec['opts']}
    if spec['note']:
        out['note'] = spec['note']
    out['params0'] = [tensor_json(p) for p in spec['params0']]
    out['problem'] = spec['problem']
    if spec['scheduler']:
        out['scheduler'] = {'kind': spec['scheduler'][0], 'opts': spec['scheduler'][1]}
    out['steps'] = spec['steps']
    if lrs:
        out['lrs'] = lrs
    out['params'] = trajectory
    out['losses'] = losses
    if closure_calls:
        out['closureCalls'] = closure_calls
    return out


ABOUT = (
    'Optimizer trajectories for @entropic/optim from PyTorch 1.13 torch.optim (single-tensor, non-foreach code '
    'paths) in float64. params[k] holds every parameter after step k+1. First-order loop per step: zeroGrad, '
    'objective(params).backward(), opt.step(), scheduler.step(); lrs[k] is the lr used by step k+1. LBFGS: '
    'opt.step(closure) once per step; LBFGS settings not in API.md take PyTorch\'s defaults (maxEval = '
    'floor(maxIter * 5 / 4), toleranceGrad 1e-7, toleranceChange 1e-9). losses (the objective at the start of '
    'each step) and closureCalls are informational.'
)

if __name__ == '__main__':
    write_vectors('optim.json', ABOUT, [run(c) for c in CASES])

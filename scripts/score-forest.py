#!/usr/bin/env python3
# Independent scorer of an ImmunoRisk random-survival-forest file (format 1), written apart from the Java code to work
# out the expected values of TrainedSurvivalForestModelTest and test-bundles/README.md (nsclc-preciri-rsf column).
# Usage: scripts/score-forest.py src/main/resources/immunorisk/models/trained/nsclc-preciri-rsf
"""Independent scorer for ImmunoRisk forest files (format 1), to work out expected values by hand-written code."""
import struct, json, sys

class R:
    def __init__(s, b): s.b, s.p = b, 0
    def take(s, n): v = s.b[s.p:s.p+n]; s.p += n; assert len(v) == n; return v
    def i(s): return struct.unpack('>i', s.take(4))[0]
    def l(s): return struct.unpack('>q', s.take(8))[0]
    def d(s): return struct.unpack('>d', s.take(8))[0]
    def z(s): return s.take(1)[0] != 0
    def utf(s): n = struct.unpack('>H', s.take(2))[0]; return s.take(n).decode('utf-8')

def load(path):
    r = R(open(path, 'rb').read())
    assert r.i() == 0x49525346 and r.i() == 1
    p = r.i(); names = []
    for _ in range(p):
        names.append(r.utf()); r.z(); [r.utf() for _ in range(r.i())]
    deaths = [r.d() for _ in range(r.i())]
    trees = []
    for _ in range(r.i()):
        nodes = []
        for _ in range(r.i()):
            v = r.i()
            if v < 0: nodes.append(('leaf', r.i()))
            else:
                thr = r.d(); lv = r.l(); ug = r.z(); left = r.i(); right = r.i()
                assert lv == 0
                nodes.append(('split', v, thr, left, right))
        leaves = []
        for _ in range(r.i()):
            steps = [(r.i(), r.d()) for _ in range(r.i())]
            # mortality = sum over training death times of the leaf's step-function CHF
            m = 0.0
            for k, (t, h) in enumerate(steps):
                end = steps[k+1][0] if k + 1 < len(steps) else len(deaths)
                m += h * (end - t)
            leaves.append(m)
        trees.append((nodes, leaves))
    assert r.p == len(r.b)
    return names, deaths, trees

def mortality(model, x):
    names, deaths, trees = model
    total = 0.0
    for nodes, leaves in trees:
        n = 0
        while nodes[n][0] == 'split':
            _, v, thr, left, right = nodes[n]
            n = left if x[names[v]] <= thr else right
        total += leaves[nodes[n][1]]
    return total / len(trees)

if __name__ == '__main__':
    base = sys.argv[1]
    model = load(base + '.rsf')
    manifest = json.load(open(base + '.json'))
    print('names', model[0]); print('threshold', manifest['riskThreshold'])
    medians = {i['name']: i['discoveryMedian'] for i in manifest['inputs']}
    # Scenario values from test-bundles/README.md and the bundles (pg/mL; NLR = neutrophils / lymphocytes).
    high = {'plasma-il-11': 38, 'plasma-osteopontin': 142000, 'plasma-il-8': 62, 'plasma-il-6': 24.5, 'plasma-hgf': 1850,
            'age': 72, 'sex': 1, 'nsclc-stage': 4, 'bmi': 19.8, 'albumin': 3.0, 'nlr': 9.6 / 1.2, 'pdl1-tps': 5}
    low = {'plasma-il-11': 3.1, 'plasma-osteopontin': 38000, 'plasma-il-8': 9.5, 'plasma-il-6': 2.4, 'plasma-hgf': 520,
           'age': 61, 'sex': 0, 'nsclc-stage': 3, 'bmi': 24.1, 'albumin': 4.3, 'nlr': 3.6 / 2.0, 'pdl1-tps': 80}
    for label, x in (('nsclc-high', high), ('nsclc-low', low)):
        missing = [n for n in model[0] if n not in x]
        print(label, 'missing', missing)
        full = dict(x); full.update({n: medians[n] for n in missing})
        m = mortality(model, full)
        print(label, 'completed with discovery medians: mortality %.10f -> %s' % (m, 'high' if m > manifest['riskThreshold'] else 'low'))
    print('all medians', mortality(model, medians))

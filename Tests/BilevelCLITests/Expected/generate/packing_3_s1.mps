* packing_3x4x5_s1: bilevel model in the MibS MPS+AUX format (AUX: packing_3_s1.aux)
* written by bilevel {version}
NAME          packing_3x4x5_s1
ROWS
 N  obj
 E  f0
 L  f1
 L  f2
 L  f3
 E  e0
 G  l0
COLUMNS
    MARKER0  'MARKER'                 'INTORG'
    x0        obj                  1
    x0        f2                   5
    x0        l0                   5
    x1        obj                 -1
    x1        f0                  -2
    x1        f1                   5
    x1        f2                  -1
    MARKER1  'MARKER'                 'INTEND'
    x2        obj                  3
    x2        f0                   4
    y0        obj                 -7
    y0        f2                   8
    y0        l0                   4
    y1        obj                  7
    y1        f0                   7
    y2        obj                 10
    y2        f1                   1
    y2        f3                   7
    y2        e0                  -1
    y3        obj                  4
    y3        f1                   1
    y3        f3                   7
    y3        e0                  -1
    y3        l0                   1
    s0        f0                   1
    t0        obj                  8
    t0        e0                   1
RHS
    RHS       f0                  84
    RHS       f1                  73
    RHS       f2                  66
    RHS       f3                  46
    RHS       l0                  20
BOUNDS
 LO BND       x0                   0
 UP BND       x0                  10
 LO BND       x1                   0
 UP BND       x1                  10
 LO BND       x2                   0
 UP BND       x2                  10
 LO BND       y0                   0
 PL BND       y0
 LO BND       y1                   0
 PL BND       y1
 LO BND       y2                   0
 PL BND       y2
 LO BND       y3                   0
 PL BND       y3
 LO BND       s0                   0
 PL BND       s0
 LO BND       t0                   0
 PL BND       t0
ENDATA

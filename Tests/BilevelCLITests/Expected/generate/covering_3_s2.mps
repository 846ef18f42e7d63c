* covering_3x4x5_s2: bilevel model in the MibS MPS+AUX format (AUX: covering_3_s2.aux)
* written by bilevel {version}
NAME          covering_3x4x5_s2
ROWS
 N  obj
 E  f0
 G  f1
 G  f2
 G  f3
 E  e0
 G  l0
COLUMNS
    MARKER0  'MARKER'                 'INTORG'
    x0        obj                  2
    x0        f2                  -2
    x0        f3                  -2
    x0        l0                   1
    x1        obj                 -7
    x1        f0                  -2
    MARKER1  'MARKER'                 'INTEND'
    x2        obj                  2
    x2        f3                  -2
    y0        obj                  9
    y0        f2                   5
    y0        f3                   3
    y0        e0                  -1
    y0        l0                   3
    y1        obj                 -4
    y1        f3                   4
    y1        e0                  -1
    y2        obj                -10
    y2        f0                   4
    y2        f1                   8
    y2        f2                  10
    y2        f3                   1
    y2        l0                   3
    y3        obj                  2
    y3        f0                   4
    y3        f1                   8
    y3        f2                  10
    y3        f3                   1
    y3        l0                   3
    s0        f0                  -1
    t0        obj                  7
    t0        e0                   1
RHS
    RHS       f1                  46
    RHS       f2                   9
    RHS       f3                  22
    RHS       l0                   4
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

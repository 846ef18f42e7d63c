* rand_int_3x3x3_s2: bilevel model in the MibS MPS+AUX format (AUX: random_int_3_s2.aux)
* written by bilevel {version}
NAME          rand_int_3x3x3_s2
ROWS
 N  obj
 L  f0
 L  f1
 L  f2
 L  l0
COLUMNS
    MARKER0  'MARKER'                 'INTORG'
    x0        obj                 -6
    x0        l0                   5
    x1        obj                  6
    x1        f1                  -1
    x1        f2                  -2
    x2        obj                 -7
    x2        l0                   2
    MARKER1  'MARKER'                 'INTEND'
    y0        obj                -10
    y0        f0                   4
    y0        f1                  10
    y1        obj                  4
    y1        f1                   3
    y1        l0                   2
    y2        obj                  7
    y2        f1                   4
    y2        l0                   5
RHS
    RHS       f0                  20
    RHS       f1                  18
    RHS       f2                  10
    RHS       l0                  70
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
ENDATA

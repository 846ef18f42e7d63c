* rand_cont_3x3x3_s1: bilevel model in the MibS MPS+AUX format (AUX: random_3_s1.aux)
* written by bilevel {version}
NAME          rand_cont_3x3x3_s1
ROWS
 N  obj
 L  f0
 L  f1
 L  f2
 L  l0
COLUMNS
    x0        obj                  4
    x1        obj                  8
    x1        f1                   1
    x1        f2                  -5
    x1        l0                   3
    x2        obj                  4
    x2        f0                  -1
    x2        f2                  -4
    x2        l0                   3
    y0        obj                 -6
    y0        f1                   2
    y0        f2                   1
    y1        obj                  3
    y1        f2                   8
    y2        obj                  8
    y2        f2                  10
RHS
    RHS       f0                  21
    RHS       f1                  47
    RHS       f2                  34
    RHS       l0                  30
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

* mixed_3x4x5_s3: bilevel model in the MibS MPS+AUX format (AUX: mixed_3_s3.aux)
* written by bilevel {version}
NAME          mixed_3x4x5_s3
ROWS
 N  obj
 E  f0
 G  f1
 L  f2
 L  f3
 E  e0
 G  l0
COLUMNS
    MARKER0  'MARKER'                 'INTORG'
    x0        obj                 10
    x0        f0                   4
    x1        obj                 -2
    x1        f1                  -1
    MARKER1  'MARKER'                 'INTEND'
    x2        obj                  5
    x2        f2                   1
    x2        f3                   2
    x2        l0                  -5
    y0        obj                  9
    y0        f1                   2
    y0        f2                   8
    y1        obj                 -2
    y1        f0                  -9
    y1        f2                  -2
    y1        l0                   2
    y2        obj                 -6
    y2        f0                   7
    y2        f3                   7
    y2        e0                  -1
    y3        obj                 10
    y3        f0                   7
    y3        f3                   7
    y3        e0                  -1
    y3        l0                  -2
    s0        f0                   1
    t0        obj                -10
    t0        e0                   1
RHS
    RHS       f0                  65
    RHS       f1                  -6
    RHS       f2                  75
    RHS       f3                  87
    RHS       l0                 -14
BOUNDS
 LO BND       x0                   0
 UP BND       x0                  10
 LO BND       x1                   0
 UP BND       x1                  10
 LO BND       x2                   0
 UP BND       x2                  10
 LO BND       y0                   0
 UP BND       y0                  11
 LO BND       y1                   0
 UP BND       y1                   5
 LO BND       y2                   0
 UP BND       y2                   7
 LO BND       y3                   0
 UP BND       y3                   7
 LO BND       s0                   0
 PL BND       s0
 LO BND       t0                   0
 PL BND       t0
ENDATA

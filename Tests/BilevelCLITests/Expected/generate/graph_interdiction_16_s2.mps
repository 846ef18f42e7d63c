* graphint_n6_a16_b5_s2: bilevel model in the MibS MPS+AUX format (AUX: graph_interdiction_16_s2.aux)
* written by bilevel {version}
NAME          graphint_n6_a16_b5_s2
ROWS
 N  obj
 L  budget
 E  node0
 E  node1
 E  node2
 E  node3
 E  node4
 E  node5
 L  cut0
 L  cut1
 L  cut2
 L  cut3
 L  cut4
 L  cut5
 L  cut6
 L  cut7
 L  cut8
 L  cut9
 L  cut10
 L  cut11
 L  cut12
 L  cut13
 L  cut14
 L  cut15
COLUMNS
    MARKER0  'MARKER'                 'INTORG'
    x0        budget               1
    x0        cut0                 4
    x1        budget               4
    x1        cut1                11
    x2        budget               3
    x2        cut2                10
    x3        budget               1
    x3        cut3                16
    x4        budget               3
    x4        cut4                 7
    x5        budget               5
    x5        cut5                12
    x6        budget               2
    x6        cut6                12
    x7        budget               1
    x7        cut7                 5
    x8        budget               3
    x8        cut8                12
    x9        budget               5
    x9        cut9                 8
    x10       budget               4
    x10       cut10                9
    x11       budget               2
    x11       cut11                4
    x12       budget               3
    x12       cut12               18
    x13       budget               2
    x13       cut13                8
    x14       budget               3
    x14       cut14               19
    x15       budget               4
    x15       cut15                7
    MARKER1  'MARKER'                 'INTEND'
    f0        node0               -1
    f0        node1                1
    f0        cut0                 1
    f1        node1               -1
    f1        node4                1
    f1        cut1                 1
    f2        node2                1
    f2        node4               -1
    f2        cut2                 1
    f3        node2               -1
    f3        node3                1
    f3        cut3                 1
    f4        node3               -1
    f4        node5                1
    f4        cut4                 1
    f5        node1                1
    f5        node4               -1
    f5        cut5                 1
    f6        node3               -1
    f6        node4                1
    f6        cut6                 1
    f7        node1               -1
    f7        node3                1
    f7        cut7                 1
    f8        node1               -1
    f8        node2                1
    f8        cut8                 1
    f9        node0               -1
    f9        node3                1
    f9        cut9                 1
    f10       node2               -1
    f10       node4                1
    f10       cut10                1
    f11       node0               -1
    f11       node2                1
    f11       cut11                1
    f12       node1                1
    f12       node3               -1
    f12       cut12                1
    f13       node0               -1
    f13       node4                1
    f13       cut13                1
    f14       node3                1
    f14       node4               -1
    f14       cut14                1
    f15       node4               -1
    f15       node5                1
    f15       cut15                1
    v         obj                  1
    v         node0                1
    v         node5               -1
RHS
    RHS       budget               5
    RHS       cut0                 4
    RHS       cut1                11
    RHS       cut2                10
    RHS       cut3                16
    RHS       cut4                 7
    RHS       cut5                12
    RHS       cut6                12
    RHS       cut7                 5
    RHS       cut8                12
    RHS       cut9                 8
    RHS       cut10                9
    RHS       cut11                4
    RHS       cut12               18
    RHS       cut13                8
    RHS       cut14               19
    RHS       cut15                7
BOUNDS
 LO BND       x0                   0
 UP BND       x0                   1
 LO BND       x1                   0
 UP BND       x1                   1
 LO BND       x2                   0
 UP BND       x2                   1
 LO BND       x3                   0
 UP BND       x3                   1
 LO BND       x4                   0
 UP BND       x4                   1
 LO BND       x5                   0
 UP BND       x5                   1
 LO BND       x6                   0
 UP BND       x6                   1
 LO BND       x7                   0
 UP BND       x7                   1
 LO BND       x8                   0
 UP BND       x8                   1
 LO BND       x9                   0
 UP BND       x9                   1
 LO BND       x10                  0
 UP BND       x10                  1
 LO BND       x11                  0
 UP BND       x11                  1
 LO BND       x12                  0
 UP BND       x12                  1
 LO BND       x13                  0
 UP BND       x13                  1
 LO BND       x14                  0
 UP BND       x14                  1
 LO BND       x15                  0
 UP BND       x15                  1
 LO BND       f0                   0
 UP BND       f0                   4
 LO BND       f1                   0
 UP BND       f1                  11
 LO BND       f2                   0
 UP BND       f2                  10
 LO BND       f3                   0
 UP BND       f3                  16
 LO BND       f4                   0
 UP BND       f4                   7
 LO BND       f5                   0
 UP BND       f5                  12
 LO BND       f6                   0
 UP BND       f6                  12
 LO BND       f7                   0
 UP BND       f7                   5
 LO BND       f8                   0
 UP BND       f8                  12
 LO BND       f9                   0
 UP BND       f9                   8
 LO BND       f10                  0
 UP BND       f10                  9
 LO BND       f11                  0
 UP BND       f11                  4
 LO BND       f12                  0
 UP BND       f12                 18
 LO BND       f13                  0
 UP BND       f13                  8
 LO BND       f14                  0
 UP BND       f14                 19
 LO BND       f15                  0
 UP BND       f15                  7
 LO BND       v                    0
 PL BND       v
ENDATA

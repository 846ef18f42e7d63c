* mibsdoc_generalExample: bilevel model in the MibS MPS+AUX format (AUX: mibsdoc_generalExample.aux)
* written by bilevel {version}
NAME          mibsdoc_generalExample
ROWS
 N  obj
 L  U1
 L  U2
 L  L1
 L  L2
COLUMNS
    MARKER0  'MARKER'                 'INTORG'
    C0        obj                 -1
    C0        U1                  -3
    C0        U2                   1
    C0        L1                   2
    C0        L2                  -2
    C1        obj                 -7
    C1        U1                   2
    C1        U2                   2
    C1        L1                  -1
    C1        L2                   4
    MARKER1  'MARKER'                 'INTEND'
RHS
    RHS       U1                  12
    RHS       U2                  20
    RHS       L1                   7
    RHS       L2                  16
BOUNDS
 LO BND       C0                   0
 UP BND       C0                  10
 LO BND       C1                   0
 UP BND       C1                   5
ENDATA

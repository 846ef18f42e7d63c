NAME          INTD
ROWS
 N  obj
 L  cap
COLUMNS
    MARKER    'MARKER'                 'INTORG'
    y1        obj                 -5   cap                  3
    y2        obj                 -4   cap                  2
    y3        obj                 -3   cap                  1
    MARKER    'MARKER'                 'INTEND'
RHS
    RHS       cap                  4
BOUNDS
 UP BND       y1                   1
 UP BND       y2                   1
 UP BND       y3                   2
ENDATA

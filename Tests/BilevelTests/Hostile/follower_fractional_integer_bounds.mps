NAME t
ROWS
 N obj
 L c1
 L c2
COLUMNS
 M1 'MARKER' 'INTORG'
 x obj 1 c1 1
 y obj -1 c1 1
 y c2 1
 M2 'MARKER' 'INTEND'
RHS
 R c1 4
 R c2 3
BOUNDS
 UP B x 5
 UP B y 2.5
ENDATA

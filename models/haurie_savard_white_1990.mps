* Haurie, Savard & White (1990): free variables, follower max y
* A. Haurie, G. Savard, D.J. White, A note on: an efficient point algorithm for a linear two-stage optimization problem, Oper. Res. 38(3) (1990) 553-555; as collected in BOLIB v2 (HaurieSavardWhite1990).
* Transcribed by hand for the Bilevel project (MibS MPS+AUX format); follower data in haurie_savard_white_1990.aux.
NAME          haurie_savard_white_1990
ROWS
 N  obj
 G  c1
 G  c2
 G  c3
 G  c4
COLUMNS
    x         obj                  1
    x         c1                   3
    x         c2                  -3
    x         c3                  -2
    x         c4                   1
    y         obj                  5
    y         c1                  -2
    y         c2                  -4
    y         c3                   5
    y         c4                   1
RHS
    rhs       c1                  -6
    rhs       c2                 -48
    rhs       c3                  -9
    rhs       c4                   8
BOUNDS
 FR bnd       x
 FR bnd       y
ENDATA

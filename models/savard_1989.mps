* Savard (1989): a leader row with a follower variable (coupling row)
* G. Savard, Contributions a la programmation mathematique a deux niveaux, PhD thesis, Ecole Polytechnique de Montreal (1989); as stated in BASBLib (s_1989_01).
* Transcribed by hand for the Bilevel project (MibS MPS+AUX format); follower data in savard_1989.aux.
NAME          savard_1989
OBJSENSE
    MAX
ROWS
 N  obj
 L  lead
 L  c1
 L  c2
 L  c3
COLUMNS
    x1        obj                  8
    x1        lead                 1
    x1        c2                   4
    x2        obj                  4
    x2        lead                 2
    x2        c3                   4
    y1        obj                 -4
    y1        c1                  -1
    y1        c2                  -2
    y1        c3                   4
    y2        obj                 40
    y2        c1                   1
    y2        c2                   4
    y2        c3                  -2
    y3        obj                 -4
    y3        lead                -1
    y3        c1                   1
    y3        c2                  -1
    y3        c3                  -1
RHS
    rhs       lead               1.3
    rhs       c1                   1
    rhs       c2                   2
    rhs       c3                   2
BOUNDS
ENDATA

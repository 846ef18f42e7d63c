* Mitsos & Barton (2007), Example 3.2: no leader variables; bilevel infeasible
* A. Mitsos, P.I. Barton, A test set for bilevel programs, technical report, MIT (2007), Example 3.2: stated 'Infeasible problem'.
* Transcribed by hand for the Bilevel project (MibS MPS+AUX format); follower data in mitsos_barton_2007_ex32.aux.
NAME          mitsos_barton_2007_ex32
ROWS
 N  obj
 L  lead
COLUMNS
    y         obj                  1
    y         lead                 1
RHS
BOUNDS
 LO bnd       y                   -1
 UP bnd       y                    1
ENDATA

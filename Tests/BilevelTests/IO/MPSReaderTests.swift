import Testing
@testable import Bilevel

/// A small instance exercising every MPS section: OBJSENSE, RANGES on L/G/E rows (both signs on E),
/// an objective constant through RHS, a second N row (ignored), integer markers and each bound type.
private let fullMPS = """
* comment line
NAME          FULL
OBJSENSE
    MAX
ROWS
 N  obj
 N  other
 L  lim
 G  low
 E  eqp
 E  eqn
COLUMNS
    MARKER                 'MARKER'                 'INTORG'
    xi        obj                  1   lim                  1
    MARKER                 'MARKER'                 'INTEND'
    xc        obj                  2   other                9
    xc        low                  1   eqp                  1
    y1        lim                  1   eqn                  1
    y2        low                  1
    y3        eqp                  2
    y4        eqn                  3
    y5        obj                 -1
    y6        obj                  0
    y7        lim                  0
RHS
    RHS       obj                 -5   lim                 10
    RHS       low                  2   eqp                  3
    RHS       eqn                  4
RANGES
    RNG       lim                  4   low                 -6
    RNG       eqp                  2   eqn                 -1
BOUNDS
 UP BND       xc                   7
 LO BND       y1                  -1
 UP BND       y1                   1
 FX BND       y2                 2.5
 FR BND       y3
 MI BND       y4
 UP BND       y4                   8
 PL BND       y5
 BV BND       y6
 LI BND       y7                   1
 UI BND       y7                   9
ENDATA
"""

@Suite struct MPSReaderTests {
    @Test func readsEverySection() throws {
        let d = try MPSReader.parse(fullMPS, file: "full.mps")
        #expect(d.name == "FULL")
        #expect(d.sense == .maximize)
        #expect(d.objectiveName == "obj")
        #expect(d.columns == ["xi", "xc", "y1", "y2", "y3", "y4", "y5", "y6", "y7"])
        #expect(d.rows == ["lim", "low", "eqp", "eqn"])
        // Objective: second N row ignored; RHS on the objective is minus the constant.
        #expect(d.objective[0] == 1 && d.objective[1] == 2 && d.objective[6] == -1)
        #expect(d.objectiveConstant == 5)
        // RANGES: L row [rhs-|R|, rhs], G row [rhs, rhs+|R|], E row R>0 [rhs, rhs+R], R<0 [rhs+R, rhs].
        #expect(d.rowLower[0] == 6 && d.rowUpper[0] == 10)
        #expect(d.rowLower[1] == 2 && d.rowUpper[1] == 8)
        #expect(d.rowLower[2] == 3 && d.rowUpper[2] == 5)
        #expect(d.rowLower[3] == 3 && d.rowUpper[3] == 4)
        // Integer marker; an integer column without bounds gets [0, 1].
        #expect(d.isInteger[0] && !d.isInteger[1])
        #expect(d.lower[0] == 0 && d.upper[0] == 1)
        // Bounds.
        #expect(d.lower[1] == 0 && d.upper[1] == 7)
        #expect(d.lower[2] == -1 && d.upper[2] == 1)
        #expect(d.lower[3] == 2.5 && d.upper[3] == 2.5)
        #expect(d.lower[4] == -.infinity && d.upper[4] == .infinity)
        #expect(d.lower[5] == -.infinity && d.upper[5] == 8)
        #expect(d.lower[6] == 0 && d.upper[6] == .infinity)
        #expect(d.isInteger[7] && d.lower[7] == 0 && d.upper[7] == 1)
        #expect(d.isInteger[8] && d.lower[8] == 1 && d.upper[8] == 9)
        // Zero coefficients are dropped; matrix entries land in their rows.
        #expect(d.terms[0].map(\.variable) == [0, 2])
        #expect(d.terms[3].map(\.coefficient) == [1, 3])
    }

    @Test func freeFormatAndSetNamesAreOptional() throws {
        let text = """
        NAME free
        ROWS
        N cost
        L c1
        COLUMNS
        x cost 1 c1 2
        y c1 1
        RHS
        c1 4
        BOUNDS
        UP x 3
        MI y
        ENDATA
        """
        let d = try MPSReader.parse(text, file: "free.mps")
        #expect(d.rowUpper[0] == 4)
        #expect(d.upper[0] == 3)
        #expect(d.lower[1] == -.infinity)
    }

    @Test func infiniteBoundsAndNegativeUpperBound() throws {
        let text = """
        NAME t
        ROWS
         N  obj
        COLUMNS
            a  obj  1
            b  obj  1
            c  obj  1
        BOUNDS
         UP BND a 1e30
         LO BND b -1e31
         UP BND c -2
        ENDATA
        """
        let d = try MPSReader.parse(text, file: "t.mps")
        #expect(d.upper[0] == .infinity)
        #expect(d.lower[1] == -.infinity)
        // UP with a negative value on a column whose lower bound is 0 makes the lower bound -inf.
        #expect(d.lower[2] == -.infinity && d.upper[2] == -2)
    }

    /// Every error path of the reader, with the line it must name.
    @Test(arguments: [
        ("NAME x\nROWS\n N obj\nCOLUMNS\n x obj 1\n", 5, "missing ENDATA"),
        ("NAME x\nROWS\n N obj\nENDATA\n", 4, "missing COLUMNS"),
        ("", 1, "not an MPS file"),
        ("NAME x\nROWS\n N obj\n X r\nENDATA\n", 4, "unknown row type"),
        ("NAME x\nROWS\n N obj\n L r\n L r\nENDATA\n", 5, "declared twice"),
        ("NAME x\nROWS\n N obj\nCOLUMNS\n x nope 1\nENDATA\n", 5, "unknown row 'nope'"),
        ("NAME x\nROWS\n N obj\nCOLUMNS\n x obj abc\nENDATA\n", 5, "not a number"),
        ("NAME x\nROWS\n N obj\nCOLUMNS\n x obj nan\nENDATA\n", 5, "not a number"),
        ("NAME x\nROWS\n N obj\nCOLUMNS\n x obj 1e400\nENDATA\n", 5, "not a finite number"),
        ("NAME x\nROWS\n N obj\n L r\nCOLUMNS\n x r 1 r 2\nENDATA\n", 6, "two entries in row"),
        ("NAME x\nROWS\n N obj\nCOLUMNS\n x obj\nENDATA\n", 5, "COLUMNS line needs"),
        ("NAME x\nROWS\n N obj\nCOLUMNS\n x obj 1\n y obj 1\n x obj 2\nENDATA\n", 7, "not contiguous"),
        ("NAME x\nROWS\n N obj\nCOLUMNS\n x obj 1\nRHS\n R nope 1\nENDATA\n", 7, "unknown row 'nope'"),
        ("NAME x\nROWS\n N obj\nCOLUMNS\n x obj 1\nBOUNDS\n UP BND z 1\nENDATA\n", 7, "unknown column 'z'"),
        ("NAME x\nROWS\n N obj\nCOLUMNS\n x obj 1\nBOUNDS\n SC BND x 1\nENDATA\n", 7, "semi-continuous"),
        ("NAME x\nROWS\n N obj\nCOLUMNS\n x obj 1\nBOUNDS\n XX BND x 1\nENDATA\n", 7, "unknown bound type"),
        ("NAME x\nROWS\n N obj\nCOLUMNS\n x obj 1\nBOUNDS\n UP x\nENDATA\n", 7, "needs a value"),
        ("NAME x\nROWS\n N obj\nCOLUMNS\n x obj 1\nQUADOBJ\n x x 1\nENDATA\n", 6, "QUADOBJ is not supported"),
        ("NAME x\nROWS\n N obj\nROWS\nENDATA\n", 4, "appears twice"),
        ("NAME x\nCOLUMNS\n x obj 1\nENDATA\n", 2, "COLUMNS before ROWS"),
        ("NAME x\nROWS\n L r\nCOLUMNS\n x r 1\nENDATA\n", 2, "no objective row"),
        ("NAME x\nROWS\n N obj\nCOLUMNS\n x obj 1\nOBJSENSE\n UP\nENDATA\n", 7, "unknown objective sense"),
        ("NAME x\nBOGUS\nENDATA\n", 2, "unknown section"),
        ("NAME x\nROWS\n N obj\n E e\nCOLUMNS\n x e 1\nRHS\n R e 1e30\nENDATA\n", 8, "infinite right-hand side"),
    ])
    func errorsNameFileAndLine(text: String, line: Int, fragment: String) {
        do {
            _ = try MPSReader.parse(text, file: "bad.mps")
            Issue.record("expected an error containing '\(fragment)'")
        } catch let BilevelError.parse(location, message) {
            #expect(location.file == "bad.mps")
            #expect(location.line == line, "\(message)")
            #expect(message.contains(fragment), "\(message)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

import Bilevel
import Testing

/// Round ticks: 1, 2, 2.5 or 5 times a power of ten, covering the range, with labels as short as the step.
@Suite struct AxisTicksTests {
    @Test func coversTheRangeWithRoundSteps() {
        let t = AxisTicks(lower: 0, upper: 50)
        #expect(t.values == [0, 10, 20, 30, 40, 50])
        #expect(t.values.map(t.label) == ["0", "10", "20", "30", "40", "50"])
        let u = AxisTicks(lower: -1.3, upper: 0.9, target: 5)
        #expect(u.lower <= -1.3 && u.upper >= 0.9)
        #expect(u.step == 0.5)
        #expect(u.values.map(u.label) == ["-1.5", "-1.0", "-0.5", "0", "0.5", "1.0"])
    }

    @Test func widensAnEmptyOrNonFiniteRange() {
        let t = AxisTicks(lower: 4, upper: 4)
        #expect(t.lower < 4 && t.upper > 4)
        let u = AxisTicks(lower: .nan, upper: .infinity)
        #expect(u.values.allSatisfy(\.isFinite) && !u.values.isEmpty)
    }

    @Test func labelsQuarterSteps() {
        let t = AxisTicks(lower: 0.75, upper: 2.25, target: 6)
        #expect(t.step == 0.25)
        #expect(t.label(1.75) == "1.75")
    }
}

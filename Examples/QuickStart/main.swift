// The README's quick-start snippet, compiled as a program so that it never rots
// (Tests/BilevelCLITests checks that the README shows exactly the lines between the markers).
// BEGIN README
import Bilevel

var model = BilevelModel()
let x = model.leader.variable("x", bounds: 0...1)
let y = model.follower.variable("y", bounds: 0...)
model.leader.minimize(x + 2 * y)
model.follower.minimize(-y)
model.follower.constraint("cap", x + y <= 4)
let result = try model.solve(.init(timeLimit: 10))
print(result.status, result.objective!, result.value(of: x)!, result.value(of: y)!)
// END README

import CGSLOpenBLAS

/// Unconstrained minimization of a smooth function with its gradient by GSL's BFGS2
/// (`gsl_multimin_fdfminimizer_vector_bfgs2`: quasi-Newton with the line search of
/// Fletcher, *Practical Methods of Optimization*, 2nd ed., §2.6).
///
/// The objective is a Swift closure that writes the gradient and returns the value. GSL calls
/// back through C function pointers with a context pointer to a box holding the closure; the box
/// caches the last point, so GSL's separate value and gradient requests at one point cost one
/// call. Non-finite values are treated as "worse than anything seen" and the result is always
/// the best finite point the objective was evaluated at (the start included).
///
/// ```swift
/// let result = try BFGSMinimizer(maximumIterations: 200).minimize(from: [-1.2, 1]) { x, g in
///     let (a, b) = (1 - x[0], x[1] - x[0] * x[0])
///     g[0] = -2 * a - 400 * x[0] * b
///     g[1] = 200 * b
///     return a * a + 100 * b * b
/// }
/// ```
public struct BFGSMinimizer: Sendable {
    /// The objective: reads `x`, writes `∂f/∂x` into `gradient` (same length) and returns `f(x)`.
    public typealias Objective = (
        _ x: UnsafeBufferPointer<Double>, _ gradient: UnsafeMutableBufferPointer<Double>
    ) -> Double

    /// Iterations (line searches) at most.
    public var maximumIterations: Int
    /// Stop when the gradient's Euclidean norm falls below this (`gsl_multimin_test_gradient`).
    public var gradientTolerance: Double
    /// Length of the first trial step (GSL `step_size`).
    public var initialStep: Double
    /// Accuracy of each line search, `σ` in GSL's notation (0.1 is GSL's recommendation for BFGS2).
    public var lineSearchTolerance: Double
    /// Also stop when an iteration lowers the value by at most this fraction,
    /// `(f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ tolerance` (SciPy's L-BFGS-B `ftol` test);
    /// `0` turns the test off.
    public var functionTolerance: Double

    /// A minimizer with the given stopping rules.
    public init(
        maximumIterations: Int = 100, gradientTolerance: Double = 1e-6, initialStep: Double = 0.1,
        lineSearchTolerance: Double = 0.1, functionTolerance: Double = 0
    ) {
        self.maximumIterations = maximumIterations
        self.gradientTolerance = gradientTolerance
        self.initialStep = initialStep
        self.lineSearchTolerance = lineSearchTolerance
        self.functionTolerance = functionTolerance
    }

    /// Minimizes `objective` from `start`.
    /// - Parameters:
    ///   - start: the first point; its length is the dimension (at least 1).
    ///   - objective: value and gradient, see ``Objective``.
    /// - Returns: the best point evaluated, its value, and how the search ended.
    /// - Throws: ``NumericError/invalidArgument(name:value:expected:)`` for an empty start,
    ///   ``NumericError/gsl(status:function:)`` when GSL cannot allocate or start the minimizer.
    /// - Complexity: O(d²) per iteration besides the objective's own cost.
    public func minimize(
        from start: [Double], _ objective: Objective
    ) throws(NumericError) -> MinimizationResult {
        GSLRuntime.prepare()
        let n = start.count
        guard n > 0 else {
            throw .invalidArgument(name: "start", value: "[]", expected: "a non-empty point")
        }
        return try withoutActuallyEscaping(objective) { (escapable) throws(NumericError) in
            let box = ObjectiveBox(escapable, dimension: n)
            return try run(box, start: start)
        }
    }

    private func run(_ box: ObjectiveBox, start: [Double]) throws(NumericError)
        -> MinimizationResult
    {
        let n = start.count
        guard let state = gsl_multimin_fdfminimizer_alloc(cgsl_multimin_bfgs2(), n),
            let x0 = gsl_vector_alloc(n)
        else { throw .gsl(status: Int32(GSL_ENOMEM), function: "gsl_multimin_fdfminimizer_alloc") }
        defer {
            gsl_multimin_fdfminimizer_free(state)
            gsl_vector_free(x0)
        }
        for i in 0..<n { gsl_vector_set(x0, i, start[i]) }

        // GSL keeps a pointer to the function struct while iterating: give it a stable address.
        let function = UnsafeMutablePointer<gsl_multimin_function_fdf>.allocate(capacity: 1)
        defer { function.deallocate() }
        let context = Unmanaged.passUnretained(box).toOpaque()
        function.initialize(
            to: gsl_multimin_function_fdf(
                f: { x, params in ObjectiveBox.from(params).value(at: x) },
                df: { x, params, g in ObjectiveBox.from(params).gradient(at: x, into: g) },
                fdf: { x, params, f, g in
                    let box = ObjectiveBox.from(params)
                    f?.pointee = box.value(at: x)
                    box.gradient(at: x, into: g)
                },
                n: n, params: context))

        let status = withExtendedLifetime(box) {
            gsl_multimin_fdfminimizer_set(state, function, x0, initialStep, lineSearchTolerance)
        }
        try checkGSL(status, in: "gsl_multimin_fdfminimizer_set")

        var iterations = 0
        var converged = false
        var previous = state.pointee.f
        while iterations < maximumIterations {
            iterations += 1
            let step = withExtendedLifetime(box) { gsl_multimin_fdfminimizer_iterate(state) }
            if step != 0 {
                // GSL_ENOPROG: the line search cannot improve; the point is as good as it gets.
                converged = step == Int32(GSL_ENOPROG)
                break
            }
            if gsl_multimin_test_gradient(state.pointee.gradient, gradientTolerance) == 0 {
                converged = true
                break
            }
            let current = state.pointee.f
            if functionTolerance > 0, previous.isFinite, current.isFinite,
                previous - current <= functionTolerance * max(abs(previous), abs(current), 1)
            {
                converged = true
                break
            }
            previous = current
        }
        return MinimizationResult(
            point: box.bestPoint, value: box.bestValue, iterations: iterations,
            evaluations: box.evaluations, converged: converged)
    }
}

/// Where a minimization ended.
public struct MinimizationResult: Sendable, Equatable {
    /// The best point evaluated.
    public var point: [Double]
    /// The objective there (`+∞` if it was never finite).
    public var value: Double
    /// Iterations done.
    public var iterations: Int
    /// Objective evaluations done.
    public var evaluations: Int
    /// Whether the gradient test passed or the line search could make no further progress
    /// (as opposed to running out of iterations).
    public var converged: Bool
}

/// The closure GSL calls back into, with a one-point cache and the best point seen.
private final class ObjectiveBox {
    let objective: BFGSMinimizer.Objective
    let dimension: Int
    var lastPoint: [Double]
    var lastValue = Double.nan
    var lastGradient: [Double]
    var hasLast = false
    var bestPoint: [Double] = []
    var bestValue = Double.infinity
    var evaluations = 0

    init(_ objective: @escaping BFGSMinimizer.Objective, dimension: Int) {
        self.objective = objective
        self.dimension = dimension
        lastPoint = [Double](repeating: 0, count: dimension)
        lastGradient = [Double](repeating: 0, count: dimension)
    }

    static func from(_ params: UnsafeMutableRawPointer?) -> ObjectiveBox {
        guard let params else {
            preconditionFailure("the pointer is the box `run` passes to GSL, never nil")
        }
        return Unmanaged<ObjectiveBox>.fromOpaque(params).takeUnretainedValue()
    }

    func value(at x: UnsafePointer<gsl_vector>?) -> Double {
        evaluate(x)
        return lastValue
    }

    func gradient(at x: UnsafePointer<gsl_vector>?, into g: UnsafeMutablePointer<gsl_vector>?) {
        evaluate(x)
        guard let g else { return }
        for i in 0..<dimension { gsl_vector_set(g, i, lastGradient[i]) }
    }

    /// Evaluates at `x` unless it is the cached point.
    private func evaluate(_ x: UnsafePointer<gsl_vector>?) {
        guard let x else { return }
        var same = hasLast
        for i in 0..<dimension {
            let xi = gsl_vector_get(x, i)
            if xi != lastPoint[i] { same = false }
            lastPoint[i] = xi
        }
        if same { return }
        hasLast = true
        evaluations += 1
        var value = lastPoint.withUnsafeBufferPointer { px in
            lastGradient.withUnsafeMutableBufferPointer { pg in objective(px, pg) }
        }
        if !value.isFinite || lastGradient.contains(where: { !$0.isFinite }) {
            // Steer the line search back: a huge value with no slope information.
            value = .greatestFiniteMagnitude
            for i in 0..<dimension { lastGradient[i] = 0 }
        } else if value < bestValue || bestPoint.isEmpty {
            bestValue = value
            bestPoint = lastPoint
        }
        if bestPoint.isEmpty { bestPoint = lastPoint }
        lastValue = value
    }
}

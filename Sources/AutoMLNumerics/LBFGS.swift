/// Limited-memory BFGS minimization of a smooth function, optionally plus a weighted L1 term
/// (OWL-QN).
///
/// Minimizes `F(x) = f(x) + Σᵢ λᵢ |xᵢ|` where `f` is smooth with a gradient the caller computes
/// and `λᵢ ≥ 0` are ``l1Weights`` (all zero, or `nil`, gives plain L-BFGS).
///
/// Algorithm (each step marked in the code):
/// 1. L-BFGS direction by the two-loop recursion over the last ``memory`` pairs `(s, y)`
///    (Nocedal 1980, "Updating quasi-Newton matrices with limited storage"; Liu & Nocedal 1989,
///    with the initial scaling `γ = sᵀy / yᵀy`, Nocedal & Wright 2006, eq. 7.20).
/// 2. For coordinates with `λᵢ > 0`, OWL-QN (Andrew & Gao 2007, "Scalable training of
///    L1-regularized log-linear models", ICML): the direction is computed from the
///    *pseudo-gradient* of `F`, components that disagree in sign with the steepest descent are
///    zeroed, and every trial point is projected onto the orthant of the current point, so
///    coordinates can become exactly zero.
/// 3. Backtracking line search with the Armijo condition
///    `F(x⁺) ≤ F(x) + c₁ · ⋄F(x)ᵀ(x⁺ − x)`, `c₁ = 10⁻⁴`, shrinking the step by safeguarded
///    quadratic interpolation. The first step has length 1 (`1/‖d‖` on the first iteration).
///    A pair is stored only when `sᵀy > ε · yᵀy`, so the inverse Hessian estimate stays
///    positive definite without a Wolfe line search.
///
/// Stops when the largest pseudo-gradient component is at most ``gradientTolerance`` (as
/// SciPy's L-BFGS-B `pgtol`), when an accepted step reduces `F` by less than
/// ``relativeReductionTolerance`` relative to `max(|F|, 1)` (SciPy's `ftol`), after
/// ``maximumIterations`` iterations, or when no step along the steepest descent direction
/// decreases `F`.
public struct LBFGS: Sendable {
    /// What a minimization reached.
    public struct Result: Sendable, Equatable {
        /// The last accepted point.
        public var point: [Double]
        /// `F` at ``point`` (the L1 term included).
        public var value: Double
        /// The largest absolute pseudo-gradient component at ``point``.
        public var largestGradient: Double
        /// Accepted steps taken.
        public var iterations: Int
        /// Calls of the objective.
        public var evaluations: Int
        /// Whether a tolerance was met (not the iteration limit or a failed line search).
        public var isConverged: Bool
    }

    /// Number of `(s, y)` pairs kept (SciPy's `maxcor`, default 10).
    public var memory: Int
    /// Iteration limit (scikit-learn's `max_iter` for `LogisticRegression`).
    public var maximumIterations: Int
    /// Stop when `max |⋄F(x)ᵢ| ≤` this (SciPy's `pgtol`; scikit-learn passes its `tol`).
    public var gradientTolerance: Double
    /// Stop when an accepted step lowers `F` by at most this times `max(|F|, |F⁺|, 1)`
    /// (SciPy's `ftol`; scikit-learn passes `64 · ε`).
    public var relativeReductionTolerance: Double
    /// Per-coordinate L1 weights `λᵢ ≥ 0` (same length as the point), or `nil` for none.
    public var l1Weights: [Double]?

    /// A minimizer with the given settings; the defaults are SciPy's as scikit-learn calls it.
    public init(
        memory: Int = 10, maximumIterations: Int = 100, gradientTolerance: Double = 1e-5,
        relativeReductionTolerance: Double = 64 * Double.ulpOfOne, l1Weights: [Double]? = nil
    ) {
        self.memory = memory
        self.maximumIterations = maximumIterations
        self.gradientTolerance = gradientTolerance
        self.relativeReductionTolerance = relativeReductionTolerance
        self.l1Weights = l1Weights
    }

    /// Minimizes `objective + Σ λᵢ|xᵢ|` starting at `start`.
    ///
    /// - Parameters:
    ///   - start: The initial point.
    ///   - objective: Returns the smooth part `f(x)` and writes `∇f(x)` into `gradient` (which
    ///     has the point's length). May return NaN or ∞ for points it cannot evaluate; the line
    ///     search then shortens the step.
    /// - Returns: The point reached and why the search stopped.
    /// - Precondition: `l1Weights`, when given, has `start.count` elements.
    /// - Complexity: per iteration one or more evaluations plus O(memory · n).
    public func minimize(
        from start: [Double], objective: (_ point: [Double], _ gradient: inout [Double]) -> Double
    ) -> Result {
        let n = start.count
        let l1 = l1Weights.flatMap { $0.contains { $0 > 0 } ? $0 : nil }
        precondition(l1 == nil || l1?.count == n, "LBFGS: l1Weights must match the point's length")
        var x = start
        var gradient = [Double](repeating: 0, count: n)
        var value = objective(x, &gradient) + Self.l1Term(x, l1)
        var evaluations = 1
        var pseudo = Self.pseudoGradient(x, gradient, l1)
        var history = History(capacity: max(memory, 1), dimension: n)
        var iterations = 0
        var trial = [Double](repeating: 0, count: n)
        var trialGradient = [Double](repeating: 0, count: n)

        func result(converged: Bool) -> Result {
            Result(
                point: x, value: value, largestGradient: Self.largestMagnitude(pseudo),
                iterations: iterations,
                evaluations: evaluations, isConverged: converged)
        }

        guard value.isFinite else { return result(converged: false) }
        while true {
            if Self.largestMagnitude(pseudo) <= gradientTolerance { return result(converged: true) }
            if iterations >= maximumIterations { return result(converged: false) }

            // Step 1: the quasi-Newton direction d = −H·⋄F.
            var direction = history.isEmpty ? pseudo.map { -$0 } : history.twoLoop(pseudo)
            // Step 2 (OWL-QN): keep only components that agree with steepest descent.
            if let l1 {
                for i in 0..<n where l1[i] > 0 && direction[i] * pseudo[i] >= 0 { direction[i] = 0 }
            }
            var slope = Self.dot(pseudo, direction)
            if !(slope < 0) {
                history.removeAll()
                direction = pseudo.map { -$0 }
                slope = Self.dot(pseudo, direction)
            }
            // The orthant the step must stay in: the sign of xᵢ, or of −⋄Fᵢ where xᵢ = 0.
            var orthant = [Double]()
            if let l1 {
                orthant = (0..<n).map { i in
                    l1[i] == 0 ? 0 : (x[i] != 0 ? (x[i] > 0 ? 1 : -1) : (pseudo[i] < 0 ? 1 : -1))
                }
            }

            // Step 3: backtracking Armijo line search.
            var step = history.isEmpty ? min(1, 1 / Self.dot(direction, direction).squareRoot()) : 1
            var accepted = false
            var trialValue = Double.nan
            for _ in 0..<60 {
                for i in 0..<n { trial[i] = x[i] + step * direction[i] }
                if let l1 {
                    for i in 0..<n where l1[i] > 0 && trial[i] * orthant[i] <= 0 { trial[i] = 0 }
                }
                trialValue = objective(trial, &trialGradient) + Self.l1Term(trial, l1)
                evaluations += 1
                var change = 0.0
                for i in 0..<n { change += pseudo[i] * (trial[i] - x[i]) }
                if trialValue.isFinite, trialValue <= value + 1e-4 * change {
                    accepted = true
                    break
                }
                // Minimizer of the quadratic through F(x), the slope and F(trial), kept in
                // [0.1, 0.5] of the current step.
                let curvature = trialValue - value - slope * step
                var next = 0.5 * step
                if trialValue.isFinite, curvature > 0 {
                    next = -slope * step * step / (2 * curvature)
                }
                step = min(max(next, 0.1 * step), 0.5 * step)
            }
            guard accepted else {
                // No decrease along the quasi-Newton direction: retry once from steepest descent.
                if !history.isEmpty {
                    history.removeAll()
                    continue
                }
                return result(converged: false)
            }

            history.append(
                step: zip(trial, x).map { $0 - $1 },
                gradientChange: zip(trialGradient, gradient).map { $0 - $1 })
            let reduction = value - trialValue
            let scale = max(abs(value), abs(trialValue), 1)
            swap(&x, &trial)
            swap(&gradient, &trialGradient)
            value = trialValue
            pseudo = Self.pseudoGradient(x, gradient, l1)
            iterations += 1
            if reduction <= relativeReductionTolerance * scale { return result(converged: true) }
        }
    }

    // MARK: Helpers

    private static func l1Term(_ x: [Double], _ l1: [Double]?) -> Double {
        guard let l1 else { return 0 }
        var sum = 0.0
        for i in x.indices { sum += l1[i] * abs(x[i]) }
        return sum
    }

    /// The minimum-norm subgradient of `F` (Andrew & Gao 2007, eq. 4); the gradient where
    /// `λᵢ = 0`.
    private static func pseudoGradient(_ x: [Double], _ gradient: [Double], _ l1: [Double]?)
        -> [Double]
    {
        guard let l1 else { return gradient }
        var pseudo = gradient
        for i in x.indices where l1[i] > 0 {
            let g = gradient[i]
            let lambda = l1[i]
            if x[i] > 0 {
                pseudo[i] = g + lambda
            } else if x[i] < 0 {
                pseudo[i] = g - lambda
            } else if g + lambda < 0 {
                pseudo[i] = g + lambda
            } else if g - lambda > 0 {
                pseudo[i] = g - lambda
            } else {
                pseudo[i] = 0
            }
        }
        return pseudo
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    private static func largestMagnitude(_ values: [Double]) -> Double {
        values.reduce(0) { max($0, abs($1)) }
    }

    /// The last `capacity` pairs `(s, y)` and the two-loop recursion over them.
    private struct History {
        let capacity: Int
        let dimension: Int
        var steps: [[Double]] = []
        var gradientChanges: [[Double]] = []
        var inverseCurvatures: [Double] = []

        init(capacity: Int, dimension: Int) {
            self.capacity = capacity
            self.dimension = dimension
        }

        var isEmpty: Bool { steps.isEmpty }

        mutating func removeAll() {
            steps.removeAll()
            gradientChanges.removeAll()
            inverseCurvatures.removeAll()
        }

        /// Stores a pair when its curvature `sᵀy` is safely positive.
        mutating func append(step s: [Double], gradientChange y: [Double]) {
            let sy = LBFGS.dot(s, y)
            let yy = LBFGS.dot(y, y)
            guard sy > Double.ulpOfOne * yy, sy.isFinite, yy > 0 else { return }
            if steps.count == capacity {
                steps.removeFirst()
                gradientChanges.removeFirst()
                inverseCurvatures.removeFirst()
            }
            steps.append(s)
            gradientChanges.append(y)
            inverseCurvatures.append(1 / sy)
        }

        /// `−H·g` by the two-loop recursion (Nocedal & Wright 2006, Algorithm 7.4).
        func twoLoop(_ g: [Double]) -> [Double] {
            var q = g
            var alphas = [Double](repeating: 0, count: steps.count)
            for k in stride(from: steps.count - 1, through: 0, by: -1) {
                let alpha = inverseCurvatures[k] * LBFGS.dot(steps[k], q)
                alphas[k] = alpha
                let y = gradientChanges[k]
                for i in 0..<dimension { q[i] -= alpha * y[i] }
            }
            if let s = steps.last, let y = gradientChanges.last {
                let gamma = LBFGS.dot(s, y) / LBFGS.dot(y, y)
                for i in 0..<dimension { q[i] *= gamma }
            }
            for k in 0..<steps.count {
                let beta = inverseCurvatures[k] * LBFGS.dot(gradientChanges[k], q)
                let s = steps[k]
                for i in 0..<dimension { q[i] += (alphas[k] - beta) * s[i] }
            }
            for i in 0..<dimension { q[i] = -q[i] }
            return q
        }
    }
}

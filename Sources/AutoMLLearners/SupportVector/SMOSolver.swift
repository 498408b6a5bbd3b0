/// What one SMO run produced.
struct SMOSolution {
    /// The dual variables in the caller's order.
    var alpha: [Double]
    /// The gradient `Qα + p` at the solution, in the caller's order.
    var gradient: [Double]
    /// The offset ρ of the decision function `f(x) = Σ coefficients · K − ρ`.
    var rho: Double
    /// The dual objective `½ αᵀQα + pᵀα`.
    var objective: Double
    /// Iterations (pair updates) taken.
    var iterations: Int
    /// Whether the run stopped at the iteration limit instead of the tolerance.
    var reachedIterationLimit: Bool
}

/// Sequential minimal optimization for the libsvm dual
///
///     min_α ½ αᵀQα + pᵀα   subject to   yᵀα = 0,  0 ≤ α_i ≤ C_i,   y_i = ±1,
///
/// as in libsvm's `Solver` (Chang & Lin 2011, "LIBSVM: a library for support vector machines",
/// §4.1; `svm.cpp` 3.x):
/// - **Working set** by second-order information, WSS3 of Fan, Chen & Lin 2005 ("Working set
///   selection using second order information for training SVM", JMLR 6): `i` maximizes
///   `−y_i ∇f(α)_i` over `I_up`, and `j` minimizes the objective decrease
///   `−(b_ij)² / a_ij` over `I_low` among the violating pairs (`a_ij ≤ 0` replaced by τ = 1e-12).
/// - **Stopping** when the maximal violation `m(α) − M(α) < ε` (`tolerance`).
/// - **Shrinking** (Joachims 1999, libsvm §5.1): every `min(l, 1000)` iterations variables at a
///   bound that cannot move are moved past `activeSize`; the gradient of the shrunk ones is
///   rebuilt from `Ḡ` (the gradient contribution of variables at their upper bound) before the
///   final check, and once when the violation first falls below 10ε.
/// - **Kernel rows** come from a ``KernelQMatrix`` with an LRU cache.
///
/// Per-sample bounds `C_i` carry scikit-learn's `sample_weight` (`C · w_i`).
final class SMOSolver<Q: KernelQMatrix> {
    private static var tau: Double { 1e-12 }

    private let l: Int
    private let q: Q
    private let eps: Double
    private let shrinking: Bool
    private let iterationLimit: Int
    private var activeSize: Int
    private var unshrink = false

    private let y: UnsafeMutablePointer<Double>
    private let gradient: UnsafeMutablePointer<Double>
    private let gradientBar: UnsafeMutablePointer<Double>
    private let alpha: UnsafeMutablePointer<Double>
    private let status: UnsafeMutablePointer<UInt8>
    private let bound: UnsafeMutablePointer<Double>
    private let p: UnsafeMutablePointer<Double>
    private let activeSet: UnsafeMutablePointer<Int>

    private static var lower: UInt8 { 0 }
    private static var upper: UInt8 { 1 }
    private static var free: UInt8 { 2 }

    /// - Parameters:
    ///   - q: The problem's `Q` (its diagonal and rows).
    ///   - p: The linear term, one per variable.
    ///   - y: Labels ±1, one per variable.
    ///   - bounds: Upper bounds `C_i > 0`, one per variable.
    ///   - tolerance: ε of the stopping rule (scikit-learn `tol`).
    ///   - shrinking: Whether to shrink (scikit-learn `shrinking`).
    ///   - iterationLimit: Stop after this many pair updates.
    init(
        q: Q, p: [Double], y: [Int8], bounds: [Double], tolerance: Double, shrinking: Bool,
        iterationLimit: Int
    ) {
        l = p.count
        self.q = q
        eps = tolerance
        self.shrinking = shrinking
        self.iterationLimit = iterationLimit
        activeSize = l
        let capacity = max(l, 1)
        self.y = .allocate(capacity: capacity)
        gradient = .allocate(capacity: capacity)
        gradientBar = .allocate(capacity: capacity)
        alpha = .allocate(capacity: capacity)
        status = .allocate(capacity: capacity)
        bound = .allocate(capacity: capacity)
        self.p = .allocate(capacity: capacity)
        activeSet = .allocate(capacity: capacity)
        for i in 0..<l {
            self.y[i] = Double(y[i])
            self.p[i] = p[i]
            bound[i] = bounds[i]
            alpha[i] = 0
            activeSet[i] = i
        }
    }

    deinit {
        y.deallocate()
        gradient.deallocate()
        gradientBar.deallocate()
        alpha.deallocate()
        status.deallocate()
        bound.deallocate()
        p.deallocate()
        activeSet.deallocate()
    }

    // MARK: Bounds

    @inline(__always) private func isUpper(_ i: Int) -> Bool { status[i] == Self.upper }
    @inline(__always) private func isLower(_ i: Int) -> Bool { status[i] == Self.lower }
    @inline(__always) private func isFree(_ i: Int) -> Bool { status[i] == Self.free }

    @inline(__always) private func updateStatus(_ i: Int) {
        if alpha[i] >= bound[i] {
            status[i] = Self.upper
        } else if alpha[i] <= 0 {
            status[i] = Self.lower
        } else {
            status[i] = Self.free
        }
    }

    private func swapIndex(_ i: Int, _ j: Int) {
        q.swapIndex(i, j)
        swapValues(y, i, j)
        swapValues(gradient, i, j)
        swapValues(status, i, j)
        swapValues(alpha, i, j)
        swapValues(p, i, j)
        swapValues(activeSet, i, j)
        swapValues(gradientBar, i, j)
        swapValues(bound, i, j)
    }

    // MARK: Solve

    /// Runs SMO from `α = 0`.
    func solve() -> SMOSolution {
        for i in 0..<l {
            updateStatus(i)
            gradient[i] = p[i]
            gradientBar[i] = 0
        }
        // α starts at 0, so the gradient is p and Ḡ is 0; nothing to accumulate.
        var iterations = 0
        var counter = min(l, 1000) + 1
        while iterations < iterationLimit {
            counter -= 1
            if counter == 0 {
                counter = min(l, 1000)
                if shrinking { shrink() }
            }
            var pair = selectWorkingSet()
            if pair == nil {
                // Check the whole problem before stopping.
                reconstructGradient()
                activeSize = l
                pair = selectWorkingSet()
                guard pair != nil else { break }
                counter = 1  // shrink again at the next iteration
            }
            guard let (i, j) = pair else { break }
            iterations += 1
            update(i, j)
        }
        let reachedLimit = iterations >= iterationLimit
        if activeSize < l {
            reconstructGradient()
            activeSize = l
        }
        let rho = calculateRho()
        var objective = 0.0
        for i in 0..<l { objective += alpha[i] * (gradient[i] + p[i]) }
        var alphaOut = [Double](repeating: 0, count: l)
        var gradientOut = [Double](repeating: 0, count: l)
        for i in 0..<l {
            alphaOut[activeSet[i]] = alpha[i]
            gradientOut[activeSet[i]] = gradient[i]
        }
        return SMOSolution(
            alpha: alphaOut, gradient: gradientOut, rho: rho, objective: objective / 2,
            iterations: iterations, reachedIterationLimit: reachedLimit)
    }

    /// The two-variable update of `α_i, α_j` with clipping to the box, then the gradient and
    /// `Ḡ` updates (libsvm `Solver::Solve`, inner loop).
    private func update(_ i: Int, _ j: Int) {
        let n = activeSize
        let qi = q.row(i, length: n)
        let qj = q.row(j, length: n)
        let qd = q.diagonal
        let ci = bound[i]
        let cj = bound[j]
        let oldI = alpha[i]
        let oldJ = alpha[j]
        var ai = oldI
        var aj = oldJ
        if y[i] != y[j] {
            var quad = qd[i] + qd[j] + 2 * Double(qi[j])
            if quad <= 0 { quad = Self.tau }
            let delta = (-gradient[i] - gradient[j]) / quad
            let diff = ai - aj
            ai += delta
            aj += delta
            if diff > 0 {
                if aj < 0 {
                    aj = 0
                    ai = diff
                }
            } else {
                if ai < 0 {
                    ai = 0
                    aj = -diff
                }
            }
            if diff > ci - cj {
                if ai > ci {
                    ai = ci
                    aj = ci - diff
                }
            } else {
                if aj > cj {
                    aj = cj
                    ai = cj + diff
                }
            }
        } else {
            var quad = qd[i] + qd[j] - 2 * Double(qi[j])
            if quad <= 0 { quad = Self.tau }
            let delta = (gradient[i] - gradient[j]) / quad
            let sum = ai + aj
            ai -= delta
            aj += delta
            if sum > ci {
                if ai > ci {
                    ai = ci
                    aj = sum - ci
                }
            } else {
                if aj < 0 {
                    aj = 0
                    ai = sum
                }
            }
            if sum > cj {
                if aj > cj {
                    aj = cj
                    ai = sum - cj
                }
            } else {
                if ai < 0 {
                    ai = 0
                    aj = sum
                }
            }
        }
        alpha[i] = ai
        alpha[j] = aj
        let deltaI = ai - oldI
        let deltaJ = aj - oldJ
        let g = gradient
        for k in 0..<n { g[k] += Double(qi[k]) * deltaI + Double(qj[k]) * deltaJ }

        let wasUpperI = isUpper(i)
        let wasUpperJ = isUpper(j)
        updateStatus(i)
        updateStatus(j)
        if wasUpperI != isUpper(i) { updateGradientBar(row: i, adding: !wasUpperI) }
        if wasUpperJ != isUpper(j) { updateGradientBar(row: j, adding: !wasUpperJ) }
    }

    /// `Ḡ ± C_i Q_i` over all `l` variables when `α_i` reaches or leaves its upper bound.
    private func updateGradientBar(row i: Int, adding: Bool) {
        let qi = q.row(i, length: l)
        let c = adding ? bound[i] : -bound[i]
        let gb = gradientBar
        for k in 0..<l { gb[k] += c * Double(qi[k]) }
    }

    // MARK: Working set (WSS3)

    /// The pair `(i, j)` of WSS3, or nil when the maximal violation is below ε.
    private func selectWorkingSet() -> (Int, Int)? {
        let n = activeSize
        var gmax = -Double.infinity
        var gmax2 = -Double.infinity
        var gmaxIndex = -1
        var gminIndex = -1
        var objectiveDiffMin = Double.infinity
        let g = gradient
        for t in 0..<n {
            if y[t] > 0 {
                if !isUpper(t), -g[t] >= gmax {
                    gmax = -g[t]
                    gmaxIndex = t
                }
            } else {
                if !isLower(t), g[t] >= gmax {
                    gmax = g[t]
                    gmaxIndex = t
                }
            }
        }
        let i = gmaxIndex
        guard i >= 0 else { return nil }
        let qi = q.row(i, length: n)
        let qd = q.diagonal
        let qdi = qd[i]
        let yi = y[i]
        for j in 0..<n {
            if y[j] > 0 {
                if !isLower(j) {
                    let gradDiff = gmax + g[j]
                    if g[j] >= gmax2 { gmax2 = g[j] }
                    if gradDiff > 0 {
                        let quad = qdi + qd[j] - 2 * yi * Double(qi[j])
                        let objectiveDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : Self.tau)
                        if objectiveDiff <= objectiveDiffMin {
                            gminIndex = j
                            objectiveDiffMin = objectiveDiff
                        }
                    }
                }
            } else {
                if !isUpper(j) {
                    let gradDiff = gmax - g[j]
                    if -g[j] >= gmax2 { gmax2 = -g[j] }
                    if gradDiff > 0 {
                        let quad = qdi + qd[j] + 2 * yi * Double(qi[j])
                        let objectiveDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : Self.tau)
                        if objectiveDiff <= objectiveDiffMin {
                            gminIndex = j
                            objectiveDiffMin = objectiveDiff
                        }
                    }
                }
            }
        }
        if gmax + gmax2 < eps || gminIndex == -1 { return nil }
        return (i, gminIndex)
    }

    // MARK: Shrinking

    private func canBeShrunk(_ i: Int, _ gmax1: Double, _ gmax2: Double) -> Bool {
        if isUpper(i) {
            return y[i] > 0 ? -gradient[i] > gmax1 : -gradient[i] > gmax2
        } else if isLower(i) {
            return y[i] > 0 ? gradient[i] > gmax2 : gradient[i] > gmax1
        }
        return false
    }

    private func shrink() {
        var gmax1 = -Double.infinity  // max { −y_i ∇f_i | i ∈ I_up }
        var gmax2 = -Double.infinity  // max { y_i ∇f_i | i ∈ I_low }
        for i in 0..<activeSize {
            let g = gradient[i]
            if y[i] > 0 {
                if !isUpper(i), -g >= gmax1 { gmax1 = -g }
                if !isLower(i), g >= gmax2 { gmax2 = g }
            } else {
                if !isUpper(i), -g >= gmax2 { gmax2 = -g }
                if !isLower(i), g >= gmax1 { gmax1 = g }
            }
        }
        if !unshrink, gmax1 + gmax2 <= eps * 10 {
            unshrink = true
            reconstructGradient()
            activeSize = l
        }
        var i = 0
        while i < activeSize {
            if canBeShrunk(i, gmax1, gmax2) {
                activeSize -= 1
                while activeSize > i {
                    if !canBeShrunk(activeSize, gmax1, gmax2) {
                        swapIndex(i, activeSize)
                        break
                    }
                    activeSize -= 1
                }
            }
            i += 1
        }
    }

    /// Rebuilds the gradient of the shrunk variables from `Ḡ` and the free variables.
    private func reconstructGradient() {
        guard activeSize < l else { return }
        for j in activeSize..<l { gradient[j] = gradientBar[j] + p[j] }
        var freeCount = 0
        for j in 0..<activeSize where isFree(j) { freeCount += 1 }
        let g = gradient
        if freeCount * l > 2 * activeSize * (l - activeSize) {
            for i in activeSize..<l {
                let qi = q.row(i, length: activeSize)
                var sum = 0.0
                for j in 0..<activeSize where isFree(j) { sum += alpha[j] * Double(qi[j]) }
                g[i] += sum
            }
        } else {
            for i in 0..<activeSize where isFree(i) {
                let qi = q.row(i, length: l)
                let ai = alpha[i]
                for j in activeSize..<l { g[j] += ai * Double(qi[j]) }
            }
        }
    }

    // MARK: Offset

    /// ρ: the mean of `y_i ∇f_i` over free variables, or the midpoint of the feasible interval
    /// when none is free (libsvm `calculate_rho`).
    private func calculateRho() -> Double {
        var freeCount = 0
        var upperLimit = Double.infinity
        var lowerLimit = -Double.infinity
        var freeSum = 0.0
        for i in 0..<activeSize {
            let yg = y[i] * gradient[i]
            if isUpper(i) {
                if y[i] < 0 {
                    upperLimit = min(upperLimit, yg)
                } else {
                    lowerLimit = max(lowerLimit, yg)
                }
            } else if isLower(i) {
                if y[i] > 0 {
                    upperLimit = min(upperLimit, yg)
                } else {
                    lowerLimit = max(lowerLimit, yg)
                }
            } else {
                freeCount += 1
                freeSum += yg
            }
        }
        if freeCount > 0 { return freeSum / Double(freeCount) }
        let mid = (upperLimit + lowerLimit) / 2
        if mid.isFinite { return mid }
        // One side empty (a degenerate problem): take the finite limit, else 0.
        if upperLimit.isFinite { return upperLimit }
        if lowerLimit.isFinite { return lowerLimit }
        return 0
    }
}

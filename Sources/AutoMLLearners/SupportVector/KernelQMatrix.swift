import AutoMLNumerics

/// The matrix `Q` of an SMO dual problem, read one row at a time (libsvm's `QMatrix`).
///
/// Rows are `Float` (libsvm's `Qfloat`) and live in a ``KernelRowCache``; the solver never
/// holds more than two rows at a time, and each returned pointer is valid until the row after
/// next is requested.
protocol KernelQMatrix: AnyObject {
    /// Row `i` of `Q`, columns `0..<length`.
    func row(_ i: Int, length: Int) -> UnsafePointer<Float>
    /// The diagonal `Q_ii` (in double precision), indexed like the rows.
    var diagonal: UnsafeMutablePointer<Double> { get }
    /// Exchanges variables `i` and `j` (the solver moves shrunk variables to the end).
    func swapIndex(_ i: Int, _ j: Int)
}

/// `Q_ij = y_i y_j K(x_i, x_j)` of C-support vector classification (libsvm's `SVC_Q`).
///
/// The rows of `X` are kept in a private copy that follows the solver's swaps, so the active
/// variables are always a prefix of it: the missing part `filled..<length` of a kernel row is
/// one `dgemv` of the row against that slice, then the kernel's elementwise map.
final class ClassificationQMatrix: KernelQMatrix {
    private let count: Int
    private let width: Int
    private let kernel: KernelFunction
    private let x: UnsafeMutablePointer<Double>
    private let norms: UnsafeMutablePointer<Double>
    private let y: UnsafeMutablePointer<Double>
    private let scratch: UnsafeMutablePointer<Double>
    private let cache: KernelRowCache
    let diagonal: UnsafeMutablePointer<Double>

    /// - Parameters:
    ///   - x: `count × width` features (copied).
    ///   - y: `count` labels ±1.
    ///   - cacheBytes: The kernel cache budget.
    init(x source: Matrix, y labels: [Int8], kernel: KernelFunction, cacheBytes: Double) {
        count = labels.count
        width = source.columns
        self.kernel = kernel
        x = .allocate(capacity: max(source.storage.count, 1))
        _ = UnsafeMutableBufferPointer(start: x, count: source.storage.count).initialize(
            from: source.storage)
        norms = .allocate(capacity: max(count, 1))
        y = .allocate(capacity: max(count, 1))
        scratch = .allocate(capacity: max(count, 1))
        diagonal = .allocate(capacity: max(count, 1))
        for i in 0..<count {
            let row = x + i * width
            norms[i] = BufferBLAS.dot(width, row, row)
            y[i] = Double(labels[i])
            diagonal[i] = kernel.value(
                dot: norms[i], squaredNormA: norms[i], squaredNormB: norms[i])
        }
        cache = KernelRowCache(count: count, bytes: cacheBytes)
    }

    deinit {
        x.deallocate()
        norms.deallocate()
        y.deallocate()
        scratch.deallocate()
        diagonal.deallocate()
    }

    func row(_ i: Int, length: Int) -> UnsafePointer<Float> {
        let (row, filled) = cache.row(i, length: length)
        if filled < length {
            let missing = length - filled
            BufferBLAS.gemv(
                rows: missing, columns: width, a: x + filled * width, lda: width, x: x + i * width,
                y: scratch)
            kernel.apply(
                to: scratch, count: missing, squaredNormA: norms[i], squaredNormsB: norms + filled)
            let yi = y[i]
            let target = row + filled
            let labels = y + filled
            for j in 0..<missing { target[j] = Float(yi * labels[j] * scratch[j]) }
        }
        return UnsafePointer(row)
    }

    func swapIndex(_ i: Int, _ j: Int) {
        guard i != j else { return }
        cache.swapIndex(i, j)
        let a = x + i * width
        let b = x + j * width
        for k in 0..<width {
            let t = a[k]
            a[k] = b[k]
            b[k] = t
        }
        swapValues(norms, i, j)
        swapValues(y, i, j)
        swapValues(diagonal, i, j)
    }
}

/// `Q` of ε-support vector regression (libsvm's `SVR_Q`): `2l` variables `α⁺, α⁻` over `l`
/// samples, `Q_st = sign_s sign_t K(x_{s mod l}, x_{t mod l})` with sign `+1` for the first
/// `l` variables and `−1` for the rest.
///
/// Kernel rows are cached per sample at full length `l` (the data is not permuted), and each
/// request is gathered into one of two buffers in the solver's current variable order.
final class RegressionQMatrix: KernelQMatrix {
    private let count: Int
    private let width: Int
    private let kernel: KernelFunction
    private let x: UnsafeMutablePointer<Double>
    private let norms: UnsafeMutablePointer<Double>
    private let sign: UnsafeMutablePointer<Float>
    private let index: UnsafeMutablePointer<Int>
    private let buffers: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)
    private var nextBuffer = 0
    private let scratch: UnsafeMutablePointer<Double>
    private let cache: KernelRowCache
    let diagonal: UnsafeMutablePointer<Double>

    /// - Parameters:
    ///   - x: `count × width` features (copied).
    ///   - cacheBytes: The kernel cache budget.
    init(x source: Matrix, kernel: KernelFunction, cacheBytes: Double) {
        count = source.rows
        width = source.columns
        self.kernel = kernel
        x = .allocate(capacity: max(source.storage.count, 1))
        _ = UnsafeMutableBufferPointer(start: x, count: source.storage.count).initialize(
            from: source.storage)
        let variables = max(2 * count, 1)
        norms = .allocate(capacity: max(count, 1))
        sign = .allocate(capacity: variables)
        index = .allocate(capacity: variables)
        buffers = (.allocate(capacity: variables), .allocate(capacity: variables))
        scratch = .allocate(capacity: max(count, 1))
        diagonal = .allocate(capacity: variables)
        for i in 0..<count {
            let row = x + i * width
            norms[i] = BufferBLAS.dot(width, row, row)
            let kii = kernel.value(dot: norms[i], squaredNormA: norms[i], squaredNormB: norms[i])
            sign[i] = 1
            sign[i + count] = -1
            index[i] = i
            index[i + count] = i
            diagonal[i] = kii
            diagonal[i + count] = kii
        }
        cache = KernelRowCache(count: count, bytes: cacheBytes)
    }

    deinit {
        x.deallocate()
        norms.deallocate()
        sign.deallocate()
        index.deallocate()
        buffers.0.deallocate()
        buffers.1.deallocate()
        scratch.deallocate()
        diagonal.deallocate()
    }

    func row(_ i: Int, length: Int) -> UnsafePointer<Float> {
        let sample = index[i]
        let (data, filled) = cache.row(sample, length: count)
        if filled < count {
            let missing = count - filled
            BufferBLAS.gemv(
                rows: missing, columns: width, a: x + filled * width, lda: width,
                x: x + sample * width, y: scratch)
            kernel.apply(
                to: scratch, count: missing, squaredNormA: norms[sample],
                squaredNormsB: norms + filled)
            let target = data + filled
            for j in 0..<missing { target[j] = Float(scratch[j]) }
        }
        let buffer = nextBuffer == 0 ? buffers.0 : buffers.1
        nextBuffer ^= 1
        let si = sign[i]
        for j in 0..<length { buffer[j] = si * sign[j] * data[index[j]] }
        return UnsafePointer(buffer)
    }

    func swapIndex(_ i: Int, _ j: Int) {
        swapValues(sign, i, j)
        swapValues(index, i, j)
        swapValues(diagonal, i, j)
    }
}

@inline(__always)
func swapValues<T>(_ p: UnsafeMutablePointer<T>, _ i: Int, _ j: Int) {
    let t = p[i]
    p[i] = p[j]
    p[j] = t
}

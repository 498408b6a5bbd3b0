#ifndef AUTOML_CGSLOPENBLAS_SHIM_H
#define AUTOML_CGSLOPENBLAS_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_log.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>

/* OpenBLAS extras; its cblas.h cannot be included next to gsl_cblas.h (both define the enums). */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);

/* GSL exposes its generator and minimizer types as mutable globals, which Swift 6 rejects as
   shared mutable state; these accessors hand them out as values. */
static inline const gsl_qrng_type *cgsl_qrng_sobol(void) { return gsl_qrng_sobol; }
static inline const gsl_qrng_type *cgsl_qrng_halton(void) { return gsl_qrng_halton; }
static inline const gsl_multimin_fdfminimizer_type *cgsl_multimin_bfgs2(void) {
    return gsl_multimin_fdfminimizer_vector_bfgs2;
}
static inline const gsl_multimin_fminimizer_type *cgsl_multimin_nmsimplex2(void) {
    return gsl_multimin_fminimizer_nmsimplex2;
}
static inline unsigned int cgsl_qrng_max_dimension(const gsl_qrng_type *type) {
    return type->max_dimension;
}

#endif

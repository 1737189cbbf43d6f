// The DST-I in IEEE binary128 through FFTW's quad-precision library (libfftw3q, libquadmath),
// behind an interface of doubles and an opaque plan, so that Swift never sees __float128.
//
// Normalisation (the Spectral module's SineTransform): for N interior values v_1 … v_N,
//     a_k = (2/(N+1)) Σ_{j=1}^{N} v_j sin(kπj/(N+1)),   k = 1 … N.
// Every operation, including the difference values − reference, is carried out in binary128
// and each a_k is rounded to double once.
//
// Available on x86-64 (and i386) only, where __float128 and libquadmath exist; elsewhere
// cfftwq_is_available() returns 0 and cfftwq_sine_plan_create() returns NULL.
#ifndef CFFTWQUAD_H
#define CFFTWQUAD_H

#ifdef __cplusplus
extern "C" {
#endif

/// A planned quad-precision DST-I of one size, with its own binary128 buffers (opaque).
typedef struct cfftwq_sine_plan cfftwq_sine_plan;

/// 1 where this build computes in binary128 (x86-64, i386), 0 elsewhere.
int cfftwq_is_available(void);

/// Plans the DST-I of `interior_count` = N points (FFTW_ESTIMATE, so the plan and its results are
/// reproducible) and allocates its buffers: 2(N+1) + 2(N+2) binary128 values. Returns NULL when
/// N < 1, 2(N+1) exceeds INT_MAX, allocation or planning fails, or binary128 is unavailable.
/// Not thread-safe (FFTW's planner is global state): callers serialise create and destroy.
cfftwq_sine_plan *cfftwq_sine_plan_create(int interior_count);

/// Destroys the plan and frees its buffers; NULL is ignored. Not thread-safe (see create).
void cfftwq_sine_plan_destroy(cfftwq_sine_plan *plan);

/// The N sine coefficients of `values − reference` (N doubles each; `reference` may be NULL for
/// zero): a_k into coefficients[k − 1], k = 1 … N. The inputs are read once and may alias each
/// other but not `coefficients`. Allocates nothing; safe on distinct plans from distinct threads.
void cfftwq_sine_execute(cfftwq_sine_plan *plan, const double *values, const double *reference,
                         double *coefficients);

#ifdef __cplusplus
}
#endif

#endif

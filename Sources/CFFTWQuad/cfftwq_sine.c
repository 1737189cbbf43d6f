#include "CFFTWQuad.h"

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>

#if defined(__x86_64__) || defined(__i386__)

// fftw3.h declares the fftwq_ API only for GCC ≥ 4.6, so the few functions used here are
// declared by hand, with FFTW's own signatures (fftw3.h, FFTW_DEFINE_API with R = __float128).
typedef __float128 quad;
typedef quad fftwq_complex[2];
typedef struct fftwq_plan_s *fftwq_plan;

extern fftwq_plan fftwq_plan_dft_r2c_1d(int n, quad *in, fftwq_complex *out, unsigned flags);
extern void fftwq_execute(const fftwq_plan plan);
extern void fftwq_destroy_plan(fftwq_plan plan);
extern void *fftwq_malloc(size_t n);
extern void fftwq_free(void *p);

enum { fftw_estimate = 1U << 6 };   // FFTW_ESTIMATE

struct cfftwq_sine_plan {
    int interior_count;        // N
    quad *signal;              // 2(N+1) reals: the odd extension
    fftwq_complex *spectrum;   // N+2 complex: its real DFT
    fftwq_plan plan;
};

int cfftwq_is_available(void) { return 1; }

cfftwq_sine_plan *cfftwq_sine_plan_create(int interior_count) {
    if (interior_count < 1 || interior_count > INT_MAX / 2 - 1) return NULL;
    const int length = 2 * (interior_count + 1);
    cfftwq_sine_plan *p = malloc(sizeof *p);
    if (p == NULL) return NULL;
    p->interior_count = interior_count;
    p->signal = fftwq_malloc(sizeof(quad) * (size_t)length);
    p->spectrum = fftwq_malloc(sizeof(fftwq_complex) * (size_t)(length / 2 + 1));
    p->plan = (p->signal && p->spectrum)
        ? fftwq_plan_dft_r2c_1d(length, p->signal, p->spectrum, fftw_estimate) : NULL;
    if (p->plan == NULL) {
        if (p->signal) fftwq_free(p->signal);
        if (p->spectrum) fftwq_free(p->spectrum);
        free(p);
        return NULL;
    }
    return p;
}

void cfftwq_sine_plan_destroy(cfftwq_sine_plan *p) {
    if (p == NULL) return;
    fftwq_destroy_plan(p->plan);
    fftwq_free(p->signal);
    fftwq_free(p->spectrum);
    free(p);
}

void cfftwq_sine_execute(cfftwq_sine_plan *p, const double *values, const double *reference,
                         double *coefficients) {
    const int n = p->interior_count, length = 2 * (n + 1);
    quad *x = p->signal;
    // The odd extension x = (0, e_1, …, e_N, 0, −e_N, …, −e_1) of e = values − reference. The
    // difference of two doubles is exact in binary128 (113-bit significand) whenever their
    // magnitudes are within a factor 2^60 of each other, and otherwise correct to binary128.
    x[0] = 0;
    x[n + 1] = 0;
    for (int j = 1; j <= n; j++) {
        const quad e = reference ? (quad)values[j - 1] - (quad)reference[j - 1] : (quad)values[j - 1];
        x[j] = e;
        x[length - j] = -e;
    }
    fftwq_execute(p->plan);
    // X(k) = Σ_m x_m e^{−2πimk/M} = −2i Σ_j e_j sin(πjk/(N+1)) (M = 2(N+1)), so
    // a_k = −Im X(k)/(N+1): divided in binary128, then rounded to double once.
    const quad count = (quad)(n + 1);
    for (int k = 1; k <= n; k++) coefficients[k - 1] = (double)(-p->spectrum[k][1] / count);
}

#else

// No binary128 here: every plan request fails, and the Swift side reports the platform.

int cfftwq_is_available(void) { return 0; }

cfftwq_sine_plan *cfftwq_sine_plan_create(int interior_count) {
    (void)interior_count;
    return NULL;
}

void cfftwq_sine_plan_destroy(cfftwq_sine_plan *p) { (void)p; }

void cfftwq_sine_execute(cfftwq_sine_plan *p, const double *values, const double *reference,
                         double *coefficients) {
    (void)p; (void)values; (void)reference; (void)coefficients;
}

#endif

#include "DriverReference.h"

double *c_reference_plain_jacobi_sweeps(double *u, double *v, const double *restrict f_h2, long n, long sweeps) {
    for (long s = 0; s < sweeps; ++s) {
        const double *restrict in = u;
        double *restrict out = v;
        out[0] = in[0];
        out[n - 1] = in[n - 1];
        for (long j = 1; j < n - 1; ++j) out[j] = 0.5 * (in[j - 1] + in[j + 1] + f_h2[j]);
        double *t = u; u = v; v = t;
    }
    return u;
}

double *c_reference_weighted_jacobi_sweeps(double *u, double *v, const double *restrict f_h2, double weight, long n,
                                           long sweeps) {
    for (long s = 0; s < sweeps; ++s) {
        const double *restrict in = u;
        double *restrict out = v;
        out[0] = in[0];
        out[n - 1] = in[n - 1];
        for (long j = 1; j < n - 1; ++j) out[j] = in[j] + weight * (0.5 * (in[j - 1] + in[j + 1] + f_h2[j]) - in[j]);
        double *t = u; u = v; v = t;
    }
    return u;
}

void c_reference_gauss_seidel_sweeps(double *restrict u, const double *restrict f_h2, long n, long sweeps) {
    for (long s = 0; s < sweeps; ++s)
        for (long j = 1; j < n - 1; ++j) u[j] = 0.5 * (u[j - 1] + u[j + 1] + f_h2[j]);
}

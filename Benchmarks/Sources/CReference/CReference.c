#include "CReference.h"

void c_reference_jacobi_sweep(const double *restrict u, double *restrict out, const double *restrict f_h2,
                              double weight, long n) {
    out[0] = u[0];
    out[n - 1] = u[n - 1];
    for (long j = 1; j < n - 1; ++j) {
        double jacobi = 0.5 * (u[j - 1] + u[j + 1] + f_h2[j]);
        out[j] = u[j] + weight * (jacobi - u[j]);
    }
}

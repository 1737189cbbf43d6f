// OpenBLAS's CBLAS interface (cblas_dgemm, openblas_get_corename, openblas_set_num_threads),
// from Debian's libopenblas-dev. Debian installs cblas.h under the multiarch include path.
#include <cblas.h>

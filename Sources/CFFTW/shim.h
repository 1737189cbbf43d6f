// FFTW3 (double precision), from Debian's libfftw3-dev.
#include <fftw3.h>

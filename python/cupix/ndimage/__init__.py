"""cupix.ndimage: scipy.ndimage's functions on the CPU and CUDA backends."""
from ._filters import (convolve, convolve1d, correlate, correlate1d, gaussian_filter, gaussian_filter1d,
                       gaussian_gradient_magnitude, gaussian_laplace, generic_gradient_magnitude, generic_laplace,
                       laplace, maximum_filter, maximum_filter1d, median_filter, minimum_filter, minimum_filter1d,
                       percentile_filter, prewitt, rank_filter, sobel, uniform_filter, uniform_filter1d)
from ._fourier import fourier_ellipsoid, fourier_gaussian, fourier_shift, fourier_uniform
from ._interpolation import (affine_transform, map_coordinates, rotate, shift, spline_filter, spline_filter1d,
                             zoom)
from ._measurements import (center_of_mass, extrema, find_objects, histogram, label, labeled_comprehension, maximum,
                            maximum_position, mean, median, minimum, minimum_position, standard_deviation, sum, sum_labels,
                            value_indices, variance)
from ._morphology import (binary_closing, binary_dilation, binary_erosion, binary_fill_holes, binary_hit_or_miss,
                          binary_opening, binary_propagation, black_tophat, distance_transform_cdt, distance_transform_edt, generate_binary_structure, grey_closing,
                          grey_dilation, grey_erosion, grey_opening, iterate_structure, morphological_gradient,
                          morphological_laplace, white_tophat)

__all__ = ["binary_closing", "binary_dilation", "binary_erosion", "binary_fill_holes", "binary_hit_or_miss",
           "binary_opening", "binary_propagation", "black_tophat", "distance_transform_cdt", "distance_transform_edt", "find_objects", "generate_binary_structure", "iterate_structure", "convolve", "convolve1d", "correlate", "correlate1d", "gaussian_filter",
           "gaussian_filter1d", "gaussian_gradient_magnitude", "gaussian_laplace", "generic_gradient_magnitude",
           "generic_laplace", "grey_closing", "grey_dilation", "grey_erosion", "grey_opening", "label", "laplace",
           "maximum_filter", "maximum_filter1d", "median_filter", "minimum_filter", "minimum_filter1d",
           "morphological_gradient", "morphological_laplace", "percentile_filter", "prewitt", "rank_filter", "sobel",
           "uniform_filter", "uniform_filter1d", "white_tophat", "center_of_mass", "extrema", "histogram", "maximum",
           "maximum_position", "mean", "minimum", "minimum_position", "standard_deviation", "sum", "sum_labels",
           "value_indices", "variance", "labeled_comprehension", "median", "affine_transform", "map_coordinates",
           "rotate", "shift", "spline_filter", "spline_filter1d", "zoom", "fourier_ellipsoid", "fourier_gaussian",
           "fourier_shift", "fourier_uniform"]

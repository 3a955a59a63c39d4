"""What both faces share: the pyramid's geometry, closing, and the context-manager protocol."""


class _Levels:
    _closed_message = "the slide is closed"

    def _init_levels(self, path, native):
        self._path = path
        self._slide = native
        self._levels = native.levels()

    def __repr__(self):
        return f"{type(self).__name__}({self._path!r})"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def _native(self):
        if self._slide is None:
            raise ValueError(self._closed_message)
        return self._slide

    @property
    def level_count(self):
        self._native()
        return len(self._levels)

    @property
    def dimensions(self):
        return self.level_dimensions[0]

    @property
    def level_dimensions(self):
        self._native()
        return tuple((w, h) for w, h, *_ in self._levels)

    @property
    def level_downsamples(self):
        self._native()
        return tuple(ds for _, _, ds, *_ in self._levels)

    def get_best_level_for_downsample(self, downsample):
        return self._native().best_level_for_downsample(float(downsample))

raise RuntimeError('kaputt')

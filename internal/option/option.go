// Package option holds the functional-option rules every constructor of
// the SDK (and of imtest) follows, so each is written once: options run in
// order, a nil one is skipped, the first error stops New; an option that
// only stores a value cannot fail.
package option

// Apply runs opts on cfg in order, skipping nil ones, and stops at the
// first error, which it returns unchanged for the constructor to pass on.
func Apply[C any, O ~func(*C) error](cfg *C, opts []O) error {
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(cfg); err != nil {
			return err
		}
	}
	return nil
}

// Set returns the option that applies set to the config and never fails:
// the shape of every option that only stores its argument.
func Set[C any](set func(*C)) func(*C) error {
	return func(c *C) error {
		set(c)
		return nil
	}
}

// Check returns the option that fails with err when bad is true and
// otherwise applies set: the shape of every option that checks its
// argument before storing it. err is what the constructor returns, so it
// says what to pass instead.
func Check[C any](bad bool, err error, set func(*C)) func(*C) error {
	return func(c *C) error {
		if bad {
			return err
		}
		set(c)
		return nil
	}
}

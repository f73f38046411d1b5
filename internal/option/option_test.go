package option_test

import (
	"errors"
	"testing"

	"github.com/imconsole/imconsole/internal/option"
)

type config struct{ n int }

type opt func(*config) error

func TestApply(t *testing.T) {
	t.Parallel()
	errBad := errors.New("bad")
	add := func(d int) opt { return option.Set(func(c *config) { c.n += d }) }
	tests := []struct {
		name    string
		opts    []opt
		want    int
		wantErr error
	}{
		{"none", nil, 0, nil},
		{"in order, nil skipped", []opt{add(1), nil, add(10)}, 11, nil},
		{"check passes", []opt{option.Check(false, errBad, func(c *config) { c.n = 5 })}, 5, nil},
		{"check fails and stops", []opt{add(1), option.Check(true, errBad, func(c *config) { c.n = 5 }), add(10)}, 1, errBad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var c config
			err := option.Apply(&c, tt.opts)
			if !errors.Is(err, tt.wantErr) || c.n != tt.want {
				t.Fatalf("Apply = %v with n %d, want %v with n %d", err, c.n, tt.wantErr, tt.want)
			}
		})
	}
}

package rules

import (
	"strings"
	"testing"
)

func TestValidUserID(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		id   string
		want bool
	}{
		{"alice", true},
		{"a b~", true},
		{strings.Repeat("x", MaxUserIDBytes), true},
		{strings.Repeat("x", MaxUserIDBytes+1), false},
		{"", false},
		{"tab\there", false},
		{"del\x7f", false},
		{"名字", false},
	} {
		if got := ValidUserID(tc.id); got != tc.want {
			t.Errorf("ValidUserID(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
	if got := NonPrintable("ab\x01c"); got != 2 {
		t.Errorf("NonPrintable = %d, want 2", got)
	}
}

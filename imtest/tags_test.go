package imtest_test

import (
	"maps"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/imtest"
)

func TestSeedTags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		before, seed map[string]string
		err          string // "" when it succeeds
	}{
		{"none", map[string]string{"env": "dev"}, nil, ""},
		{"fifty", nil, numbered(50), ""},
		{"overwrites at fifty", numbered(50), map[string]string{"k00": "new"}, ""},
		{"one too many", numbered(49), map[string]string{"x": "1", "y": "2"}, "LimitExceeded.ResourceAttachedTags"},
		{"invalid", map[string]string{"env": "dev"}, map[string]string{"ok": "1", "bad!": "2"}, "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"full-width punctuation", nil, map[string]string{"环境（一）": "值【二】"}, ""},
		{"reserved", nil, map[string]string{"project": "1"}, "InvalidParameter.ReservedTagKey"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := imtest.NewServer(t)
			app, err := srv.SeedApp(imtest.AppSeed{})
			require.NoError(t, err)
			require.NoError(t, srv.SeedTags(app.SDKAppID, tt.before))

			err = srv.SeedTags(app.SDKAppID, tt.seed)
			got, lerr := srv.Tags(app.SDKAppID)
			require.NoError(t, lerr)
			want := maps.Clone(tt.before)
			if want == nil {
				want = map[string]string{}
			}
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				assert.Equal(t, want, got, "nothing changed")
				return
			}
			require.NoError(t, err)
			maps.Copy(want, tt.seed)
			assert.Equal(t, want, got)
		})
	}

	srv := imtest.NewServer(t)
	assert.ErrorContains(t, srv.SeedTags(1499999999, map[string]string{"a": "1"}), "does not exist")
	_, err := srv.Tags(1499999999)
	assert.ErrorContains(t, err, "does not exist")
}

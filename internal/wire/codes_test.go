package wire_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/imconsole/imconsole/internal/wire"
)

func TestFamiliesAndStatuses(t *testing.T) {
	t.Parallel()
	cases := []struct {
		code   string
		family wire.Family
		status int
	}{
		{"ResourceNotFound.App", wire.NotFound, 404},
		{"AuthFailure.SignatureFailure", wire.Auth, 401},
		{"UnauthorizedOperation", wire.Auth, 403},
		{"LimitExceeded.AppCount", wire.LimitExceeded, 400},
		{"InvalidParameterValue.AppName", wire.InvalidParameter, 400},
		{"InvalidParameter", wire.InvalidParameter, 400},
		{"MissingParameter", wire.InvalidParameter, 400},
		{"UnknownParameter", wire.InvalidParameter, 400},
		{"FailedOperation.AppNotDisabled", wire.FailedOperation, 400},
		{"UnsupportedOperation.PaidAppDisable", wire.Unsupported, 403},
		{"RequestLimitExceeded", wire.Throttled, 429},
		{"ResourceInUse.Admin", wire.InUse, 409},
		{"InternalError", wire.Internal, 500},
		{"ServiceUnavailable", wire.Internal, 503},
		{"ResourceUnavailable", wire.Unknown, 400},
		{"InvalidAction", wire.Unknown, 400},
		{"", wire.Unknown, 400},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.family, wire.FamilyOf(tc.code))
			assert.Equal(t, tc.status, wire.StatusForCode(tc.code))
		})
	}
}

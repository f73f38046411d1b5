package restapi_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// TestFriendLimitCodesAreQuotas: the relationship chain's limit codes
// match ErrLimitExceeded (im-facts-rest.md B10, SNS errors: "30010 own
// friend limit, 30011 group-list limit, 30012 pending limit, 30013
// blacklist limit, 30014 peer friend limit"), answered by the server to
// friend_add.
func TestFriendLimitCodesAreQuotas(t *testing.T) {
	t.Parallel()
	for _, code := range []int{30010, 30011, 30012, 30013, 30014} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "alice", "bob")
			f.srv.Inject(imtest.Fault{Action: restapi.ServiceSNS + "/" + restapi.CommandFriendAdd, Code: strconv.Itoa(code)})
			_, err := f.rc.Friends.Add(t.Context(), &restapi.FriendAddRequest{
				FromAccount:   "alice",
				AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob", AddSource: "AddSource_Type_Web"}},
			})
			require.True(t, restapi.HasCode(err, code), "%v", err)
			assert.ErrorIs(t, err, restapi.ErrLimitExceeded)
			for _, other := range []error{restapi.ErrInvalidRequest, restapi.ErrRateLimited, restapi.ErrServerFailure} {
				assert.False(t, errors.Is(err, other), "%d is a quota, not %v", code, other)
			}
		})
	}
}

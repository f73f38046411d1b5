package imtest

import (
	"slices"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/consolewire"
)

// The Tencent Cloud API 3.0 services the server routes by the TC3
// credential scope, besides the console protocol's im (docs/protocol.md).
const (
	serviceIM  = "im"
	serviceCIM = "cim"
	serviceCAM = "cam"
	serviceTag = "tag"

	cimVersion = "2019-03-18"
	camVersion = "2019-01-16"
	tagVersion = "2018-08-13"
)

// servedServices lists every service the server answers, for signers and
// messages.
func servedServices() []string { return []string{serviceIM, serviceCIM, serviceCAM, serviceTag} }

// serviceVersion is the X-TC-Version a served service answers, "" for a
// service the server does not serve.
func serviceVersion(service string) string {
	switch service {
	case serviceIM:
		return client.APIVersion
	case serviceCIM:
		return cimVersion
	case serviceCAM:
		return camVersion
	case serviceTag:
		return tagVersion
	}
	return ""
}

// route returns the action a request names, once its service is known
// from the signature: NoSuchVersion for another version of the service,
// InvalidAction for an action it does not have, as Tencent answers.
func (s *Server) route(service, version, name string) (action, error) {
	if want := serviceVersion(service); version != want {
		return action{}, apiError("NoSuchVersion", "X-TC-Version %q is not supported by service %s; use %s", version, service, want)
	}
	actions := s.actions
	if service != serviceIM {
		actions = s.cloud[service]
	}
	act, ok := actions[name]
	if !ok {
		return action{}, apiError("InvalidAction", "action %q does not exist in service %s; see docs/protocol.md for the actions", name, service)
	}
	return act, nil
}

func (s *Server) registerCloudActions() {
	s.cloud = map[string]map[string]action{
		serviceCIM: {"DescribeSdkAppid": handler(s.describeSdkAppid)},
		serviceCAM: {"GetUserAppId": handler(s.getUserAppID)},
		serviceTag: {
			"ModifyResourceTags":                handler(s.modifyResourceTags),
			"DescribeResourceTagsByResourceIds": handler(s.describeResourceTagsByResourceIDs),
			"GetResources":                      handler(s.getResources),
			"TagResources":                      handler(s.tagResources),
			"UnTagResources":                    handler(s.unTagResources),
		},
	}
}

// noParameters is the body of an action that takes none.
type noParameters struct{}

// describeSdkAppid answers the caller's SDKAppIDs, ascending; a deleted
// app is gone from them.
func (s *Server) describeSdkAppid(c *call, _ *noParameters) (any, error) {
	ids := []uint64{}
	for id, a := range s.apps {
		if a.owner == c.account {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return consolewire.ListIDsResponse{SDKAppIDs: ids}, nil
}

// getUserAppIDResponse is cam GetUserAppId's answer.
type getUserAppIDResponse struct {
	Uin      string `json:"Uin"`
	OwnerUin string `json:"OwnerUin"`
	AppID    uint64 `json:"AppId"`
}

func (s *Server) getUserAppID(c *call, _ *noParameters) (any, error) {
	return getUserAppIDResponse(c.account.info), nil
}

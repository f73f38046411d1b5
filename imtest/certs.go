package imtest

import (
	"encoding/base64"
	"maps"
	"slices"
	"time"

	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/internal/certfields"
	"github.com/imconsole/imconsole/internal/consolewire"
)

// firstCertificateID is the CertificateId of the first push certificate a
// server creates; IDs count up from it across all apps of the server and
// are never reused, even after a delete.
const firstCertificateID = 10001

// certState is what the server keeps about one app's push certificates.
type certState struct {
	list map[uint64]*storedCert // by CertificateId
}

// storedCert is one push certificate: its public view (without the masks)
// and its credential fields, secrets in clear.
type storedCert struct {
	cert   certs.Certificate
	fields certs.Fields
}

// setUp gives a new app its initial certs: none.
func (st *certState) setUp(now time.Time) {
	st.list = map[uint64]*storedCert{}
}

// view is the certificate as responses show it: secrets Masked.
func (sc *storedCert) view() *certs.Certificate {
	v := sc.cert
	if sc.cert.ExpiresAt != nil {
		t := *sc.cert.ExpiresAt
		v.ExpiresAt = &t
	}
	k, _ := certfields.Of(string(v.Vendor), string(v.AuthType))
	certfields.Show(&v, k, sc.fields)
	return &v
}

// learn reads the facts of the (valid) credential into sc: for a .p12 its
// bundle ID, environment and expiry, for FCM the project and e-mail, for
// HarmonyOS the project.
func (sc *storedCert) learn() {
	sc.cert.ExpiresAt = nil
	sc.cert.ProjectID, sc.cert.ClientEmail = "", ""
	switch {
	case sc.cert.AuthType == certs.AuthCertificate:
		blob, _ := base64.StdEncoding.DecodeString(sc.fields.P12)
		info, err := certs.InspectP12(blob, sc.fields.P12Password, time.Time{})
		if err != nil {
			panic("imtest: a validated .p12 does not open: " + err.Error()) // a bug in the server
		}
		sc.fields.BundleID, sc.fields.Environment = info.BundleID, info.Environment
		exp := info.ExpiresAt
		sc.cert.ExpiresAt = &exp
	case sc.cert.Vendor == certs.VendorFCM:
		info, err := certs.InspectServiceAccount([]byte(sc.fields.ServiceAccountJSON))
		if err != nil {
			panic("imtest: a validated service account does not parse: " + err.Error())
		}
		sc.cert.ProjectID, sc.cert.ClientEmail = info.ProjectID, info.ClientEmail
	case sc.cert.Vendor == certs.VendorHarmonyOS:
		info, err := certs.InspectHarmonyServiceAccount([]byte(sc.fields.ServiceAccountJSON))
		if err != nil {
			panic("imtest: a validated service account does not parse: " + err.Error())
		}
		sc.cert.ProjectID = info.ProjectID
	}
}

// find returns the certificate, or ResourceNotFound.Certificate.
func (st *certState) find(sdkAppID, id uint64) (*storedCert, error) {
	if sc := st.list[id]; sc != nil {
		return sc, nil
	}
	return nil, apiError("ResourceNotFound.Certificate", "push certificate %d does not exist in app %d (a deleted certificate is gone for good); list the app's certificates with %s", id, sdkAppID, certs.ActionList)
}

// checkTokenUnique enforces one .p8 token per bundle ID and environment;
// sc is a new certificate (ID 0) or the next state of a stored one.
func (st *certState) checkTokenUnique(sdkAppID uint64, sc *storedCert) error {
	if sc.cert.AuthType != certs.AuthToken {
		return nil
	}
	for id, other := range st.list {
		if id != sc.cert.CertificateID && other.cert.AuthType == certs.AuthToken &&
			other.fields.BundleID == sc.fields.BundleID && other.fields.Environment == sc.fields.Environment {
			return apiError("ResourceInUse.Certificate", "app %d already has a .p8 token key for %s in %s (certificate %d); an app holds one per bundle ID and environment: update that one with %s, or delete it first", sdkAppID, sc.fields.BundleID, sc.fields.Environment, id, certs.ActionModify)
		}
	}
	return nil
}

// certOf returns the app, writable when write is set (or the error that
// it is unknown or disabled), and its certificate certID, or
// ResourceNotFound.Certificate; no certificate when certID is 0.
func (s *Server) certOf(c *call, sdkAppID, certID uint64, write bool) (*appState, *storedCert, error) {
	appOf := s.appOf
	if write {
		appOf = s.writableAppOf
	}
	a, err := appOf(c, sdkAppID)
	if err != nil || certID == 0 {
		return a, nil, err
	}
	sc, err := a.certs.find(sdkAppID, certID)
	return a, sc, err
}

func (s *Server) registerCertActions() {
	s.actions[certs.ActionList] = handler(s.listCerts)
	create := handler(s.createCert)
	create.appFirst = func(req any) uint64 {
		r := req.(*certs.CreateRequest)
		return sendsP12(r.SDKAppID, r.Fields)
	}
	s.actions[certs.ActionCreate] = create
	modify := handler(s.modifyCert)
	modify.appFirst = func(req any) uint64 {
		r := req.(*certs.UpdateRequest)
		return sendsP12(r.SDKAppID, r.Fields)
	}
	s.actions[certs.ActionModify] = modify
	s.actions[certs.ActionDelete] = handler(s.deleteCert)
}

// sendsP12 is sdkAppID when f carries a .p12, which validation opens, and
// 0 otherwise.
func sendsP12(sdkAppID uint64, f certs.Fields) uint64 {
	if f.P12 == "" {
		return 0
	}
	return sdkAppID
}

func (s *Server) listCerts(c *call, req *consolewire.ListCertsRequest[certs.Platform]) (any, error) {
	a, _, err := s.certOf(c, req.SDKAppID, req.CertificateID, false)
	if err != nil {
		return nil, err
	}
	st := &a.certs
	resp := consolewire.CertsResponse[certs.Certificate]{Certificates: []*certs.Certificate{}}
	for _, id := range slices.Sorted(maps.Keys(st.list)) {
		sc := st.list[id]
		if (req.Platform != "" && sc.cert.Platform != req.Platform) || (req.CertificateID != 0 && id != req.CertificateID) {
			continue
		}
		resp.Certificates = append(resp.Certificates, sc.view())
	}
	return resp, nil
}

func (s *Server) createCert(c *call, req *certs.CreateRequest) (any, error) {
	click := certs.OpenApp()
	if req.ClickAction != nil {
		click = normalClick(*req.ClickAction)
	}
	sc := &storedCert{
		cert: certs.Certificate{
			Platform: req.Vendor.Platform(), Vendor: req.Vendor, AuthType: req.AuthType,
			ClickAction: click,
		},
		fields: req.Fields,
	}
	k, _ := certfields.Of(string(req.Vendor), string(req.AuthType))
	k.SetDefaults(&sc.fields) // FCM's MessageType
	s.unlocked(c, sc.learn)   // only the request's own data: the state is read after
	sc.cert.CreatedAt, sc.cert.UpdatedAt = c.now.UTC(), c.now.UTC()
	a, err := s.writableAppOf(c, req.SDKAppID)
	if err != nil {
		return nil, err
	}
	st := &a.certs
	if len(st.list) >= certs.MaxCertificatesPerApp {
		return nil, apiError("LimitExceeded.Certificate", "app %d already has %d push certificates, the most allowed; delete unused ones first", req.SDKAppID, certs.MaxCertificatesPerApp)
	}
	if err := st.checkTokenUnique(req.SDKAppID, sc); err != nil {
		return nil, err
	}
	sc.cert.CertificateID = s.nextCertID
	s.nextCertID++
	st.list[sc.cert.CertificateID] = sc
	return consolewire.CertResponse[certs.Certificate]{Certificate: sc.view()}, nil
}

// modifyCert checks the merged certificate with the lock released (it may
// open a .p12), then stores it if the certificate did not change
// meanwhile, and starts over if it did.
func (s *Server) modifyCert(c *call, req *certs.UpdateRequest) (any, error) {
	for {
		a, sc, err := s.certOf(c, req.SDKAppID, req.CertificateID, true)
		if err != nil {
			return nil, err
		}
		if req.Vendor != "" && req.Vendor != sc.cert.Vendor {
			return nil, apiError("InvalidParameterValue.Vendor", "push certificate %d is a %s certificate, not %s, and a certificate never changes vendor; create a %s certificate and delete this one", req.CertificateID, sc.cert.Vendor, req.Vendor, req.Vendor)
		}
		if req.AuthType != "" && req.AuthType != sc.cert.AuthType {
			return nil, apiError("InvalidParameterValue.AuthType", "push certificate %d is an APNs %s, not a %s, and that never changes; create a new certificate and delete this one", req.CertificateID, sc.cert.AuthType, req.AuthType)
		}
		next := &storedCert{cert: sc.cert, fields: certfields.Merge(sc.fields, req.Fields)}
		if req.ClickAction != nil {
			next.cert.ClickAction = normalClick(*req.ClickAction)
		}
		// Check the merged certificate as a create would; an unchanged .p12 is
		// not refused for having expired since, so its ClickAction can change.
		checkAt := c.now
		changed := next.fields != sc.fields
		if !changed {
			checkAt = time.Time{}
		}
		click := next.cert.ClickAction
		full := certs.CreateRequest{SDKAppID: req.SDKAppID, Vendor: sc.cert.Vendor, AuthType: sc.cert.AuthType, ClickAction: &click, Fields: next.fields}
		s.unlocked(c, func() {
			if err = full.ValidateAt(checkAt); err == nil && changed {
				next.learn()
			}
		})
		if err != nil {
			return nil, err
		}
		if a2, sc2, err := s.certOf(c, req.SDKAppID, req.CertificateID, true); err != nil || a2 != a || sc2 != sc {
			continue // changed while unlocked
		}
		if changed {
			if err := a.certs.checkTokenUnique(req.SDKAppID, next); err != nil {
				return nil, err
			}
		}
		if changed || next.cert.ClickAction != sc.cert.ClickAction {
			next.cert.UpdatedAt = c.now.UTC() // a modify that changes nothing (masks sent back) leaves it
		}
		a.certs.list[req.CertificateID] = next
		return consolewire.CertResponse[certs.Certificate]{Certificate: next.view()}, nil
	}
}

func (s *Server) deleteCert(c *call, req *consolewire.DeleteCertRequest) (any, error) {
	a, _, err := s.certOf(c, req.SDKAppID, req.CertificateID, true)
	if err != nil {
		return nil, err
	}
	delete(a.certs.list, req.CertificateID)
	return nil, nil
}

// normalClick fills in the default type of a click action.
func normalClick(ca certs.ClickAction) certs.ClickAction {
	if ca.Type == "" {
		ca.Type = certs.ClickOpenApp
	}
	return ca
}

// PushCertificateFields returns the credential fields a push certificate
// is stored with, secrets in clear, for tests that check an update kept or
// replaced a secret (the API never answers one). For a .p12 BundleId and
// Environment are those read from the certificate. ok is false when the
// certificate does not exist (or was deleted). It panics for an unknown
// app.
func (s *Server) PushCertificateFields(sdkAppID, certID uint64) (fields certs.Fields, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sc := s.mustAppLocked("PushCertificateFields", sdkAppID).certs.list[certID]
	if sc == nil {
		return certs.Fields{}, false
	}
	return sc.fields, true
}

-- Records a packet announced as missing but to follow ("followsLater"), tracked until a supplement brings one of the
-- same type. A redirect copies them to the transfer it makes, which the supplements then add to.
create table outstanding_record (
    transfer_id  uuid        not null references transfer (id),
    position     integer     not null,
    record_type  varchar(32) not null,
    announced_at timestamp with time zone not null,
    fulfilled_by uuid        references transfer (id),
    fulfilled_at timestamp with time zone,
    primary key (transfer_id, position)
);
